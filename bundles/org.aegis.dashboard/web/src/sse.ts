/**
 * The data of each server-sent event in a response body (OpenAI's streamed chat completions): events are separated
 * by a blank line, their data in one or more "data:" lines; comments and other fields are skipped.
 */
export async function* parseServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = eventEnd(buffer)) >= 0) {
        const data = dataOf(buffer.slice(0, end));
        buffer = buffer.slice(end).replace(/^(\r\n|\r|\n){2}/, '');
        if (data !== undefined) yield data;
      }
    }
    const rest = dataOf(buffer);
    if (rest !== undefined) yield rest;
  } finally {
    reader.releaseLock();
  }
}

function eventEnd(buffer: string): number {
  const match = /(\r\n|\r|\n)(\r\n|\r|\n)/.exec(buffer);
  return match ? match.index : -1;
}

function dataOf(event: string): string | undefined {
  const lines = event.split(/\r\n|\r|\n/).filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5));
  return lines.length ? lines.join('\n') : undefined;
}
