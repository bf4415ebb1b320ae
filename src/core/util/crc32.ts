/** The table of the CRC-32 polynomial that zlib and Java's `java.util.zip.CRC32` use (reflected 0xEDB88320). */
const TABLE = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit++) {
    crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return crc >>> 0;
});

const encoder = new TextEncoder();

/** The CRC-32 of a string's UTF-8 bytes, as an unsigned number: what `CRC32.getValue()` gives in Java. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of encoder.encode(text)) {
    crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
