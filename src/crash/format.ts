/** The human report of a crashTest result (the CLI's output, a failing matcher's message): a summary, then each example with its image. */
import type { CrashExample, CrashTestResult } from './crash-test.js';

function list(items: string[], most = 8): string {
  if (items.length === 0) return 'none';
  return items.length > most ? `${items.slice(0, most).join('; ')}; and ${items.length - most} more` : items.join('; ');
}

export function formatExample(example: CrashExample, index: number): string {
  const lines = [
    example.kind === 'recovery throws'
      ? `#${index + 1} recovery throws: ${example.found}`
      : `#${index + 1} ${example.kind}: key ${example.key}, acknowledged as ${example.expected}, came back ${example.found === 'absent' ? 'absent' : `as ${example.found}`}`,
    `   crash after operation ${example.crashPoint}: ${example.crashAfter}`,
    `   image: ${example.state}`,
    `   unsynced operations kept: ${list(example.kept)}`,
    `   unsynced operations lost: ${list(example.lost)}`,
  ];
  if (example.torn.length) lines.push(`   torn: ${list(example.torn)}`);
  lines.push('   files in the image:');
  for (const file of example.image) lines.push(file.path.endsWith('/') ? `     ${file.path}` : `     ${file.path} (${file.bytes} bytes): ${JSON.stringify(file.content)}`);
  if (example.image.length === 0) lines.push('     (none)');
  return lines.join('\n');
}

export function formatResult(result: CrashTestResult): string {
  const lines: string[] = [];
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  if (result.error) {
    lines.push(result.error);
    return lines.join('\n');
  }
  const skipped = result.imagesSkipped ? ` (a seeded sample; ${result.imagesSkipped} more not recovered)` : '';
  lines.push(`${result.images} crash images recovered${skipped}, ${result.acknowledged} acknowledgements, file system model: ${result.fs}, seed ${result.seed}`);
  lines.push(result.lost === 0 ? 'no acknowledged write lost' : `${result.lost} acknowledged write(s) lost`);
  result.examples.forEach((example, index) => lines.push('', formatExample(example, index)));
  return lines.join('\n');
}
