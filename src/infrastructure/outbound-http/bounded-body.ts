/**
 * An answer's body, read up to `maxBytes`: undefined, with the rest not read, when the answer declares
 * or sends more. An upstream that sends gigabytes (broken or hostile) must cost a few kilobytes, not the
 * service's heap.
 */
export async function boundedBody(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body !== null) {
    // Leaving the loop early cancels the stream.
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) return undefined;
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks);
}
