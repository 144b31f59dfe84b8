import { readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sms } from '../../../src/application/ports/sms-sender';
import type { Instant } from '../../../src/domain/shared/instant';
import type { Msisdn } from '../../../src/domain/shared/msisdn';
import { FileSmsSink } from '../../../src/infrastructure/sms/file-sms-sink';
import {
  findLatestSms,
  readSmsSink,
  SmsSinkTail,
  waitForSms,
} from '../../../src/infrastructure/sms/sms-sink-reader';
import { scratchDirectory } from '../../support/scratch';

/** The module object itself (a namespace import cannot be spied on): the sink calls its `appendFile`. */
const fsPromises: typeof import('node:fs/promises') = jest.requireActual('node:fs/promises');

let dir: string;
beforeEach(async () => {
  dir = scratchDirectory('numlink-sms-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sms = (n: number, requestId = `request-${n}`): Sms => ({
  to: `+7701${String(n).padStart(7, '0')}` as Msisdn,
  text: `numlink: your code is ${String(n).padStart(6, '0')}. It is valid for 5 minutes. Do not tell it to anyone.`,
  requestId,
  sentAt: '2026-03-02T10:00:00.000Z' as Instant,
});

describe('the file SMS sink', () => {
  it('appends one JSON line {to, text, requestId, sentAt} per SMS, creating the directory', async () => {
    const path = join(dir, 'nested', 'deeper', 'sms.jsonl');
    const sink = new FileSmsSink(path);

    await sink.send(sms(1));
    await sink.send(sms(2));

    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual(sms(1));
    expect(JSON.parse(lines[1]!)).toEqual(sms(2));
  });

  it('appends to what the file already holds', async () => {
    const path = join(dir, 'sms.jsonl');
    await writeFile(path, `${JSON.stringify(sms(1))}\n`);

    await new FileSmsSink(path).send(sms(2));

    expect(await readSmsSink(path)).toEqual([sms(1), sms(2)]);
  });

  it('keeps every SMS of concurrent sends, each on a whole line', async () => {
    const path = join(dir, 'sms.jsonl');
    const sink = new FileSmsSink(path);
    const sent = Array.from({ length: 500 }, (_, n) => sms(n));

    await Promise.all(sent.map((message) => sink.send(message)));

    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(500);
    const parsed = lines.map((line) => JSON.parse(line) as Sms);
    expect(new Set(parsed.map((message) => message.requestId))).toEqual(
      new Set(sent.map((message) => message.requestId)),
    );
  });

  it('writes the SMS handed on in one turn together, and what queues meanwhile in the next write', async () => {
    const path = join(dir, 'sms.jsonl');
    const sink = new FileSmsSink(path);
    const writes = jest.spyOn(fsPromises, 'appendFile');
    try {
      const firstTurn = Array.from({ length: 13 }, (_, n) => sink.send(sms(n)));
      // Once the first write is under way, a second burst queues behind it.
      await new Promise((resolve) => setImmediate(resolve));
      const secondTurn = Array.from({ length: 4 }, (_, n) => sink.send(sms(100 + n)));
      await Promise.all([...firstTurn, ...secondTurn]);

      const lineCounts = writes.mock.calls.map(([, data]) => String(data).trimEnd().split('\n').length);
      expect(lineCounts).toEqual([13, 4]);
    } finally {
      writes.mockRestore();
    }
    expect((await readSmsSink(path)).map((message) => message.requestId)).toEqual([
      ...Array.from({ length: 13 }, (_, n) => `request-${n}`),
      ...Array.from({ length: 4 }, (_, n) => `request-${100 + n}`),
    ]);
  });

  it('keeps writing after the file is removed under it', async () => {
    const path = join(dir, 'sub', 'sms.jsonl');
    const sink = new FileSmsSink(path);
    await sink.send(sms(1));
    await rm(join(dir, 'sub'), { recursive: true });

    await sink.send(sms(2));

    expect(await readSmsSink(path)).toEqual([sms(2)]);
  });

  it('rejects the send when the file cannot be written', async () => {
    const blocker = join(dir, 'not-a-directory');
    await writeFile(blocker, '');

    await expect(new FileSmsSink(join(blocker, 'sms.jsonl')).send(sms(1))).rejects.toThrow();
  });
});

describe('reading the sink back', () => {
  it('reads a missing sink as empty', async () => {
    expect(await readSmsSink(join(dir, 'absent.jsonl'))).toEqual([]);
    expect(await findLatestSms(join(dir, 'absent.jsonl'), 'request-1')).toBeUndefined();
  });

  it('finds the latest SMS of a request (after a resend, the one with the valid code)', async () => {
    const path = join(dir, 'sms.jsonl');
    const sink = new FileSmsSink(path);
    await sink.send(sms(1, 'request-a'));
    await sink.send(sms(2, 'request-b'));
    await sink.send(sms(3, 'request-a'));

    expect(await findLatestSms(path, 'request-a')).toEqual(sms(3, 'request-a'));
    expect(await findLatestSms(path, 'request-c')).toBeUndefined();
  });

  it('waits for an SMS that is sent later', async () => {
    const path = join(dir, 'sms.jsonl');
    const waiting = waitForSms(path, 'request-7', { timeoutMs: 2_000, pollMs: 5 });
    setTimeout(() => void new FileSmsSink(path).send(sms(7)), 50);

    await expect(waiting).resolves.toEqual(sms(7));
  });

  it('waits for the second SMS of a request when asked for two', async () => {
    const path = join(dir, 'sms.jsonl');
    const sink = new FileSmsSink(path);
    await sink.send(sms(1, 'request-a'));
    const waiting = waitForSms(path, 'request-a', { count: 2, timeoutMs: 2_000, pollMs: 5 });
    setTimeout(() => void sink.send(sms(2, 'request-a')), 50);

    await expect(waiting).resolves.toEqual(sms(2, 'request-a'));
  });

  it('gives up with an error naming the request when no SMS comes', async () => {
    await expect(
      waitForSms(join(dir, 'sms.jsonl'), 'request-x', { timeoutMs: 50, pollMs: 5 }),
    ).rejects.toThrow(/request-x/);
  });

  it('follows the file incrementally, holding back a line still being written', async () => {
    const path = join(dir, 'sms.jsonl');
    const tail = new SmsSinkTail(path);
    const line = JSON.stringify(sms(1));
    await writeFile(path, line.slice(0, 10));

    await tail.poll();
    expect(tail.messages()).toEqual([]);

    await appendFile(path, `${line.slice(10)}\n`);
    await tail.poll();
    expect(tail.messages()).toEqual([sms(1)]);

    await appendFile(path, `${JSON.stringify(sms(2))}\n`);
    await tail.poll();
    expect(tail.messages()).toEqual([sms(1), sms(2)]);
    expect(tail.latestFor('request-2')).toEqual(sms(2));
  });

  it('starts over when the sink is truncated', async () => {
    const path = join(dir, 'sms.jsonl');
    const tail = new SmsSinkTail(path);
    await writeFile(path, `${JSON.stringify(sms(1))}\n${JSON.stringify(sms(2))}\n`);
    await tail.poll();

    await writeFile(path, `${JSON.stringify(sms(3))}\n`);
    await tail.poll();

    expect(tail.messages()).toEqual([sms(3)]);
  });
});
