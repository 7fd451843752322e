/** Node's open flags ('r+', 'as', O_WRONLY | O_CREAT ...) decoded into what the model needs: access, create, truncate, append, sync. */
const O = { WRONLY: 1, RDWR: 2, CREAT: 0o100, EXCL: 0o200, TRUNC: 0o1000, APPEND: 0o2000, DSYNC: 0o10000, SYNC: 0o4010000 };

export function decodeFlags(flags: string | number | undefined) {
  if (typeof flags === 'number') {
    const access = flags & 3;
    return {
      readable: access !== O.WRONLY,
      writable: access !== 0,
      create: (flags & O.CREAT) !== 0,
      exclusive: (flags & O.EXCL) !== 0,
      truncate: (flags & O.TRUNC) !== 0,
      append: (flags & O.APPEND) !== 0,
      sync: (flags & O.DSYNC) !== 0,
    };
  }
  const f = flags ?? 'r';
  const known: Record<string, [boolean, boolean, boolean, boolean, boolean, boolean, boolean]> = {
    //        read   write  create excl   trunc  append sync
    r: [true, false, false, false, false, false, false],
    rs: [true, false, false, false, false, false, false],
    'r+': [true, true, false, false, false, false, false],
    'rs+': [true, true, false, false, false, false, true],
    w: [false, true, true, false, true, false, false],
    wx: [false, true, true, true, true, false, false],
    'w+': [true, true, true, false, true, false, false],
    'wx+': [true, true, true, true, true, false, false],
    a: [false, true, true, false, false, true, false],
    ax: [false, true, true, true, false, true, false],
    as: [false, true, true, false, false, true, true],
    'a+': [true, true, true, false, false, true, false],
    'ax+': [true, true, true, true, false, true, false],
    'as+': [true, true, true, false, false, true, true],
  };
  // Node accepts each of these letters in either order ('sa' is 'as', 'xw+' is 'wx+')
  const row = known[f] ?? known[{ sr: 'rs', 'sr+': 'rs+', xw: 'wx', 'xw+': 'wx+', xa: 'ax', 'xa+': 'ax+', sa: 'as', 'sa+': 'as+' }[f] ?? ''];
  if (!row) throw new Error(`crash-sim: open flags '${f}' are not modelled`);
  const [readable, writable, create, exclusive, truncate, append, sync] = row;
  return { readable, writable, create, exclusive, truncate, append, sync };
}
