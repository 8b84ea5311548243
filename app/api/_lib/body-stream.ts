import "server-only";

/**
 * The chunks of a request body, in order, for as long as they stay within `max` bytes in all: past
 * it the stream is cancelled (nothing more is read) and `tooLarge()` is thrown. The one size guard
 * of a streamed body (JSON bodies in respond.ts, uploads in app/api/import/_lib/uploads.ts).
 *
 * @example
 * for await (const chunk of chunksUpTo(request.body, 2 * 1024 * 1024, () => new Error("too large"))) chunks.push(chunk);
 */
export async function* chunksUpTo(body: ReadableStream<Uint8Array>, max: number, tooLarge: () => Error): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    yield value;
  }
}
