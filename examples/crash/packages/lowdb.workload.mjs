// lowdb's JSONFile adapter (steno writes a temp file and renames it): posts added, each acknowledged after db.write().
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

export async function run({ dir, acknowledge }) {
  const db = new Low(new JSONFile(path.join(dir, 'db.json')), { posts: {} });
  await db.read();
  for (const [id, title] of [['1', 'hello'], ['2', 'world'], ['1', 'hello again']]) {
    db.data.posts[id] = title;
    await db.write();
    acknowledge(id, title);
  }
}

export async function recover({ dir }) {
  const db = new Low(new JSONFile(path.join(dir, 'db.json')), { posts: {} });
  await db.read();
  return db.data.posts;
}
