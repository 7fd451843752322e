/**
 * Completions the way real callback and stream code passes them (issue 12, item 3 and the stream part of item 4):
 * prototype methods, callback wrappers, callbacks kept in records, schedulers, emitted events, pipeline(), and the
 * steps of continuation chains, which hand off instead of acknowledging. Each shape next to its near-miss; `strict`
 * options unless a case says `recommended`. The code of every case starts at line 1, column 1.
 */
import noFlushWithoutFsync, { type Options } from './no-flush-without-fsync.js';
import requireFsyncBeforeRename, { type Options as RenameOptions } from './require-fsync-before-rename.js';
import requireSyncBeforeTruncate, { type Options as TruncateOptions } from './require-sync-before-truncate.js';
import { testedRule, untypedRuleTester } from './test-setup.js';

const STRICT: Options = [{ report: 'all', optionGuardedSync: 'report' }];
const RENAME_STRICT: RenameOptions = [{ report: 'all', optionGuardedSync: 'report' }];
const TRUNCATE_STRICT: TruncateOptions = [{ report: 'all' }];

const ruleTester = untypedRuleTester();

ruleTester.run('no-flush-without-fsync', testedRule(noFlushWithoutFsync), {
  valid: [
    {
      name: 'prototype method: the one-shot write is flushed (Buffer data)',
      options: STRICT,
      code: `const fs = require('fs');
function Settings(file) { this.file = file; }
Settings.prototype.saveSync = function (data) {
  fs.writeFileSync(this.file, Buffer.from(data), { flush: true });
  return this;
};`,
    },
    {
      name: 'once(cb) after the fsync of the written fd',
      options: STRICT,
      code: `const fs = require('fs');
const once = require('once');
exports.append = function (fd, line, cb) {
  fs.writeSync(fd, line);
  fs.fsync(fd, once(cb));
};`,
    },
    {
      name: 'wrap(cb, fn): the success function syncs before it calls back',
      options: STRICT,
      code: `const fs = require('fs');
const { wrap } = require('./callbacks');
exports.append = function (fd, record, cb) {
  fs.write(fd, record, wrap(cb, function () {
    fs.fsync(fd, wrap(cb, function () {
      cb(null, record.length);
    }));
  }));
};`,
    },
    {
      name: 'process.nextTick(callback) after an fsyncSync',
      options: STRICT,
      code: `const fs = require('fs');
exports.append = function (fd, line, callback) {
  fs.writeSync(fd, line);
  fs.fsyncSync(fd);
  process.nextTick(callback);
};`,
    },
    {
      name: 'a request completed by its own callback, after the fsync: the end of the method is no acknowledgement',
      options: STRICT,
      code: `const fs = require('fs');
function Blocks(fd) { this.fd = fd; }
Blocks.prototype.write = function (req) {
  const fd = this.fd;
  fs.write(fd, req.data, 0, req.data.length, req.offset, function (err) {
    if (err) return req.callback(err);
    fs.fsync(fd, function (syncErr) {
      req.callback(syncErr);
    });
  });
};`,
    },
    {
      name: "this.emit('saved') after the fsync",
      options: STRICT,
      code: `const fs = require('fs');
const { EventEmitter } = require('events');
class Saver extends EventEmitter {
  save(fd, data) {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
    this.emit('saved');
  }
}
module.exports = Saver;`,
    },
    {
      name: 'pipeline into a flush stream: pipeline resolves after its closing fsync',
      options: STRICT,
      code: `import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
export async function store(body: Readable, file: string) {
  const out = createWriteStream(file, { flush: true });
  await pipeline(body, out);
  return true;
}`,
    },
    {
      name: 'finished() of a pipe into a flush stream made in place: closed, so synced',
      options: STRICT,
      code: `import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
export async function store(body: Readable, file: string) {
  await finished(body.pipe(fs.createWriteStream(file, { flush: true })));
  return true;
}`,
    },
    {
      name: 'async.waterfall: the write step hands off, a later step fsyncs before the final callback',
      options: STRICT,
      code: `const fs = require('fs');
const async = require('async');
exports.commit = function (job, callback) {
  async.waterfall([
    function (next) { fs.write(job.fd, job.header, next); },
    function (written, buffer, next) {
      async.eachOfLimit(job.records, 4, function (record, key, next) {
        fs.write(job.fd, record, next);
      }, next);
    },
    function (next) { fs.fsync(job.fd, next); },
  ], function (err) {
    callback(err);
  });
};`,
    },
    {
      name: 'a getter returning the fd field is that field: the fd it returned is synced through the field',
      options: STRICT,
      code: `const fs = require('fs');
class Partition {
  constructor(path) { this.fd = fs.openSync(path, 'a'); }
  getFileHandle() { return this.fd; }
  writeLarge(data, callback) {
    const fd = this.getFileHandle();
    fs.writeSync(fd, data);
    fs.fsyncSync(this.fd);
    process.nextTick(callback);
  }
}
module.exports = Partition;`,
    },
    {
      name: 'recommended: a prototype method appending to a log fd without a callback is not reported without evidence of intent',
      code: `const fs = require('fs');
function Notes(path) { this.path = path; }
Notes.prototype.add = function (text) {
  fs.appendFileSync(this.path + '.txt', text);
  return text.length;
};`,
    },
  ],
  invalid: [
    {
      name: 'prototype method: `this.file` is the instance field, rewritten and returned without a sync',
      options: STRICT,
      code: `const fs = require('fs');
function Settings(file) { this.file = file; }
Settings.prototype.saveSync = function (data) {
  fs.writeFileSync(this.file, data);
  return this;
};`,
      errors: [{ messageId: 'unsynced', line: 4, column: 3, suggestions: null }],
    },
    {
      name: 'prototype method through an alias of the prototype, and an object assigned to it',
      options: STRICT,
      code: `const fs = require('fs');
function Journal(fd) { this.fd = fd; }
const proto = Journal.prototype;
proto.add = function (line) {
  fs.writeSync(this.fd, line);
};
Journal.prototype = {
  put(line) {
    fs.writeSync(this.fd, line);
  },
};`,
      errors: [
        {
          messageId: 'unsynced',
          line: 5,
          column: 3,
          suggestions: [{ messageId: 'insertSync', output: `const fs = require('fs');
function Journal(fd) { this.fd = fd; }
const proto = Journal.prototype;
proto.add = function (line) {
  fs.writeSync(this.fd, line);
  fs.fsyncSync(this.fd);
};
Journal.prototype = {
  put(line) {
    fs.writeSync(this.fd, line);
  },
};` }],
        },
        {
          messageId: 'unsynced',
          line: 9,
          column: 5,
          suggestions: [{ messageId: 'insertSync', output: `const fs = require('fs');
function Journal(fd) { this.fd = fd; }
const proto = Journal.prototype;
proto.add = function (line) {
  fs.writeSync(this.fd, line);
};
Journal.prototype = {
  put(line) {
    fs.writeSync(this.fd, line);
    fs.fsyncSync(this.fd);
  },
};` }],
        },
      ],
    },
    {
      name: 'once(cb), cb.bind(), and a local wrapper of cb as the fs callback',
      options: STRICT,
      code: `const fs = require('fs');
const once = require('once');
exports.saveA = function (file, data, cb) {
  fs.writeFile(file, data, once(cb));
};
exports.saveB = function (file, data, callback) {
  fs.writeFile(file, data, callback.bind(null));
};
exports.saveC = function (file, data, cb) {
  const done = once(cb);
  fs.writeFile(file, data, (err) => done(err));
};`,
      errors: [
        { messageId: 'unsynced', line: 4, column: 3, suggestions: null },
        { messageId: 'unsynced', line: 7, column: 3, suggestions: null },
        { messageId: 'unsynced', line: 11, column: 3, suggestions: null },
      ],
    },
    {
      name: 'wrap(cb, fn): the success function calls back without a sync',
      options: STRICT,
      code: `const fs = require('fs'); const fd = fs.openSync('journal.log', 'a');
const { wrap } = require('./callbacks');
exports.append = function (record, cb) {
  fs.write(fd, record, wrap(cb, function (written) {
    cb(null, written);
  }));
};`,
      errors: [{ messageId: 'unsynced', line: 4, column: 3, suggestions: null }],
    },
    {
      name: 'schedulers call the callback later: process.nextTick, setImmediate, queueMicrotask',
      options: STRICT,
      code: `const fs = require('fs'); const fd = fs.openSync('journal.log', 'a');
exports.a = function (line, callback) {
  fs.writeSync(fd, line);
  process.nextTick(callback);
};
exports.b = function (line, cb) {
  fs.writeSync(fd, line);
  setImmediate(() => cb(null, line.length));
};
exports.c = function (line, done) {
  fs.writeSync(fd, line);
  queueMicrotask(done);
};`,
      errors: [
        {
          messageId: 'unsynced',
          line: 3,
          column: 3,
          suggestions: [{ messageId: 'insertSync', output: `const fs = require('fs'); const fd = fs.openSync('journal.log', 'a');
exports.a = function (line, callback) {
  fs.writeSync(fd, line);
  fs.fsyncSync(fd);
  process.nextTick(callback);
};
exports.b = function (line, cb) {
  fs.writeSync(fd, line);
  setImmediate(() => cb(null, line.length));
};
exports.c = function (line, done) {
  fs.writeSync(fd, line);
  queueMicrotask(done);
};` }],
        },
        // the acknowledgement is inside the arrow: no statement of b() to put the sync before
        { messageId: 'unsynced', line: 7, column: 3, suggestions: null },
        {
          messageId: 'unsynced',
          line: 11,
          column: 3,
          suggestions: [{ messageId: 'insertSync', output: `const fs = require('fs'); const fd = fs.openSync('journal.log', 'a');
exports.a = function (line, callback) {
  fs.writeSync(fd, line);
  process.nextTick(callback);
};
exports.b = function (line, cb) {
  fs.writeSync(fd, line);
  setImmediate(() => cb(null, line.length));
};
exports.c = function (line, done) {
  fs.writeSync(fd, line);
  fs.fsyncSync(fd);
  queueMicrotask(done);
};` }],
        },
      ],
    },
    {
      name: 'a callback taken out of a pending record and called from the write callback',
      options: STRICT,
      code: `const fs = require('fs');
function Coalescer(file) { this.file = file; this.pending = {}; }
Coalescer.prototype.write = function (content, callback) {
  const pending = this.pending;
  const file = this.file;
  pending.callback = callback;
  setImmediate(function () {
    const callback = pending.callback;
    fs.writeFile(file, content, function (err) {
      if (callback) callback(err);
    });
  });
};
Coalescer.prototype.flushOne = function (request) {
  fs.writeFile(this.file, request.content, function (err) {
    request.callback(err);
  });
};`,
      errors: [
        { messageId: 'unsynced', line: 9, column: 5, suggestions: null },
        { messageId: 'unsynced', line: 15, column: 3, suggestions: null },
      ],
    },
    {
      name: "an emitted 'saved' event acknowledges the write",
      options: STRICT,
      code: `const fs = require('fs');
const { EventEmitter } = require('events');
class Saver extends EventEmitter {
  save(file, data) {
    fs.writeFile(file, data, (err) => {
      if (err) return this.emit('error', err);
      this.emit('saved', file);
    });
  }
}
module.exports = Saver;`,
      errors: [{ messageId: 'unsynced', line: 5, column: 5, suggestions: null }],
    },
    {
      name: 'pipeline into a WriteStream (stream/promises), and into an inline createWriteStream (stream, callback)',
      options: STRICT,
      code: `import fs from 'node:fs';
import stream from 'node:stream';
import streamPromises from 'node:stream/promises';
export async function store(body: stream.Readable, file: string, offset: number) {
  const out = fs.createWriteStream(file, { flags: 'r+', start: offset });
  await streamPromises.pipeline(body, out);
  return offset;
}
export function storeWithCallback(body: stream.Readable, file: string, cb: (err: Error | null) => void) {
  stream.pipeline(body, fs.createWriteStream(file), (err) => cb(err));
}`,
      errors: [
        { messageId: 'unsynced', line: 6, column: 9, suggestions: null },
        { messageId: 'unsynced', line: 10, column: 3, suggestions: null },
      ],
    },
    {
      name: 'finished() of a pipe into createWriteStream(p): a write of p, acknowledged by the return',
      options: STRICT,
      code: `import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
export async function store(body: Readable, file: string) {
  await finished(body.pipe(fs.createWriteStream(file)));
  return true;
}`,
      errors: [{ messageId: 'unsynced', line: 5, column: 18, suggestions: null }],
    },
    {
      name: 'async.waterfall without a sync: the last step hands off to the caller’s callback, which acknowledges',
      options: STRICT,
      code: `const fs = require('fs'); const fd = fs.openSync('journal.log', 'a');
const async = require('async');
exports.commit = function (job, callback) {
  async.waterfall([
    function (next) { fs.write(fd, job.header, next); },
    function (written, buffer, next) { fs.close(fd, next); },
  ], callback);
};`,
      errors: [{ messageId: 'unsynced', line: 5, column: 23, suggestions: null }],
    },
    {
      name: 'async.series whose final callback is a bound completion callback: the step hands off to it',
      options: STRICT,
      code: `const fs = require('fs');
const async = require('async');
exports.save = function (file, data, done) {
  async.series([
    function (next) { fs.writeFile(file, data, next); },
  ], done.bind(this));
};`,
      errors: [{ messageId: 'unsynced', line: 5, column: 23, suggestions: null }],
    },
    {
      name: 'recommended: a log fd opened for append in a constructor function, written by a prototype method that calls back on the next tick',
      code: `const fs = require('fs');
function EventLog(path) { this.fd = fs.openSync(path, 'a'); }
EventLog.prototype.append = function (line, callback) {
  fs.writeSync(this.fd, line);
  process.nextTick(callback);
};`,
      errors: [
        {
          messageId: 'unsynced',
          line: 4,
          column: 3,
          suggestions: [{ messageId: 'insertSync', output: `const fs = require('fs');
function EventLog(path) { this.fd = fs.openSync(path, 'a'); }
EventLog.prototype.append = function (line, callback) {
  fs.writeSync(this.fd, line);
  fs.fsyncSync(this.fd);
  process.nextTick(callback);
};` }],
        },
      ],
    },
    {
      name: 'recommended: the fd a getter returns is the append-mode fd field, written and acknowledged on the next tick',
      code: `const fs = require('fs');
class Partition {
  constructor(path) { this.fd = fs.openSync(path, 'a'); }
  getFileHandle() { return this.fd; }
  writeLarge(data, callback) {
    const fd = this.getFileHandle();
    fs.writeSync(fd, data);
    process.nextTick(callback);
  }
}
module.exports = Partition;`,
      errors: [
        {
          messageId: 'unsynced',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'insertSync',
              output: `const fs = require('fs');
class Partition {
  constructor(path) { this.fd = fs.openSync(path, 'a'); }
  getFileHandle() { return this.fd; }
  writeLarge(data, callback) {
    const fd = this.getFileHandle();
    fs.writeSync(fd, data);
    fs.fsyncSync(this.fd);
    process.nextTick(callback);
  }
}
module.exports = Partition;`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-fsync-before-rename', testedRule(requireFsyncBeforeRename), {
  valid: [
    {
      name: "a temp stream in a field, flushed: its 'close' handler runs after the closing fsync, then renames",
      options: RENAME_STRICT,
      code: `const fs = require('fs');
const { Writable } = require('stream');
class AtomicFileStream extends Writable {
  constructor(target) {
    super();
    this.target = target;
    this.tmp = target + '.partial';
    this.out = fs.createWriteStream(this.tmp, { flush: true });
    this.out.once('close', () => {
      fs.rename(this.tmp, this.target, (err) => {
        if (err) return this.emit('error', err);
        this.emit('done');
      });
    });
  }
  _write(chunk, encoding, cb) {
    this.out.write(chunk, encoding, cb);
  }
  _final(cb) {
    this.out.end();
    cb();
  }
}
module.exports = AtomicFileStream;`,
    },
    {
      name: 'compaction: the iterator writes the temp, the final success function fsyncs it before the rename',
      options: RENAME_STRICT,
      code: `const fs = require('fs');
const { sure, eachSeries } = require('./flow');
exports.compact = function (file, records, cb) {
  const tmp = file + '.compact';
  fs.open(tmp, 'w', sure(cb, function (fd) {
    eachSeries(records, function (record, next) {
      fs.write(fd, record, sure(next, function () { next(); }));
    }, sure(cb, function () {
      fs.fsync(fd, sure(cb, function () {
        fs.rename(tmp, file, cb);
      }));
    }));
  }));
};`,
    },
  ],
  invalid: [
    {
      name: "a 'finish' handler registered before the writes: it runs after them",
      options: RENAME_STRICT,
      code: `const fs = require('fs');
exports.replace = function (target, data, cb) {
  const tmp = target + '.tmp';
  const out = fs.createWriteStream(tmp);
  out.on('finish', () => fs.rename(tmp, target, cb));
  out.write(data);
  out.end();
};`,
      errors: [{ messageId: 'renameWhileDirty', line: 5, column: 26, suggestions: null }],
    },
    {
      name: "a temp stream in a field, written by _write: its 'close' handler renames it over the target unsynced",
      options: RENAME_STRICT,
      code: `const fs = require('fs');
const { Writable } = require('stream');
class AtomicFileStream extends Writable {
  constructor(target) {
    super();
    this.target = target;
    this.tmp = target + '.partial';
    this.out = fs.createWriteStream(this.tmp);
    this.out.once('close', () => {
      fs.rename(this.tmp, this.target, (err) => {
        if (err) return this.emit('error', err);
        this.emit('done');
      });
    });
  }
  _write(chunk, encoding, cb) {
    this.out.write(chunk, encoding, cb);
  }
  _final(cb) {
    this.out.end();
    cb();
  }
}
module.exports = AtomicFileStream;`,
      errors: [{ messageId: 'renameWhileDirty', line: 10, column: 7, suggestions: null }],
    },
    {
      name: 'compaction: the iterator writes the temp, the final success function renames it unsynced',
      options: RENAME_STRICT,
      code: `const fs = require('fs');
const { sure, eachSeries } = require('./flow');
exports.compact = function (file, records, cb) {
  const tmp = file + '.compact';
  fs.open(tmp, 'w', sure(cb, function (fd) {
    eachSeries(records, function (record, next) {
      fs.write(fd, record, sure(next, function () { next(); }));
    }, sure(function (err) { cb(err); }, function () {
      fs.rename(tmp, file, cb);
    }));
  }));
};`,
      errors: [{ messageId: 'renameWhileDirty', line: 9, column: 7, suggestions: null }],
    },
  ],
});

ruleTester.run('require-sync-before-truncate', testedRule(requireSyncBeforeTruncate), {
  valid: [
    {
      name: "a gzip copy piped into a flush stream: its 'close' comes after the fsync, then the source is unlinked",
      options: TRUNCATE_STRICT,
      code: `const fs = require('fs');
const zlib = require('zlib');
exports.compress = function (source, target, cb) {
  const out = fs.createWriteStream(target, { flags: 'wx', flush: true })
    .on('open', () => {
      fs.createReadStream(source).pipe(zlib.createGzip()).pipe(out);
    })
    .on('close', () => {
      fs.unlink(source, cb);
    });
};`,
    },
  ],
  invalid: [
    {
      name: "a gzip copy piped into a stream opened in a registration chain: the source is unlinked on 'finish', the copy unsynced",
      options: TRUNCATE_STRICT,
      code: `const fs = require('fs');
const zlib = require('zlib');
exports.compress = function (source, target, cb) {
  const out = fs.createWriteStream(target, { flags: 'wx' })
    .on('open', () => {
      fs.createReadStream(source).pipe(zlib.createGzip()).pipe(out);
    })
    .on('finish', () => {
      fs.unlink(source, cb);
    });
};`,
      errors: [{ messageId: 'destroyWhileDirty', line: 9, column: 7, suggestions: null }],
    },
    {
      name: 'the old file unlinked in a wrapper success function before the unsynced copy is renamed onto it',
      options: TRUNCATE_STRICT,
      code: `const fs = require('fs');
const { sure } = require('./flow');
exports.replace = function (file, data, cb) {
  const tmp = file + '.new';
  fs.open(tmp, 'w', sure(cb, function (fd) {
    fs.write(fd, data, sure(cb, function () {
      fs.unlink(file, sure(cb, function () {
        fs.rename(tmp, file, cb);
      }));
    }));
  }));
};`,
      // the rename onto the unlinked name destroys nothing more: one report
      errors: [{ messageId: 'destroyWhileDirty', line: 7, column: 7, suggestions: null }],
    },
  ],
});
