package org.dinfra.core.internal.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The journal log's line format: {@code <crc32> <json>\n}, the CRC-32 of the JSON text in eight
 * hex digits, the JSON object ending with its sequence number {@code "seq"}. A line is complete
 * only with its newline; one whose checksum does not match is not a line at all.
 */
final class JournalLine {
	private static final HexFormat HEX = HexFormat.of();

	private JournalLine() {
	}

	/**
	 * @param json a serialised JSON object with at least one field
	 * @param seq  its sequence number
	 * @return the log line {@code <crc32> <json>\n}, the object given a last field {@code "seq"}
	 */
	static byte[] encode(byte[] json, long seq) {
		int open = json.length - 1;
		if (open < 2 || json[0] != '{' || json[open] != '}') {
			throw new IllegalArgumentException("not a JSON object with fields");
		}
		byte[] tail = (",\"seq\":" + seq + "}\n").getBytes(StandardCharsets.US_ASCII);
		CRC32 crc = new CRC32();
		crc.update(json, 0, open);
		crc.update(tail, 0, tail.length - 1);
		byte[] line = new byte[9 + open + tail.length];
		String hex = HEX.toHexDigits((int) crc.getValue());
		for (int i = 0; i < 8; i++) {
			line[i] = (byte) hex.charAt(i);
		}
		line[8] = ' ';
		System.arraycopy(json, 0, line, 9, open);
		System.arraycopy(tail, 0, line, 9 + open, tail.length);
		return line;
	}

	/**
	 * @param line a line without its newline
	 * @return its JSON text, or null when the line is not {@code <crc32> <json>} with a matching checksum
	 */
	static String decode(String line) {
		int space = line.indexOf(' ');
		if (space != 8) {
			return null;
		}
		String json = line.substring(space + 1);
		CRC32 crc = new CRC32();
		crc.update(json.getBytes(StandardCharsets.UTF_8));
		return HEX.toHexDigits((int) crc.getValue()).equals(line.substring(0, space)) ? json : null;
	}

	/**
	 * Hands every complete ({@code \n}-terminated) line of a file to the consumer, without its newline.
	 *
	 * @return the length of the complete lines: what follows is a torn last entry
	 */
	static long readComplete(Path file, Consumer<String> consumer) throws IOException {
		long complete = 0;
		long offset = 0;
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = Files.newInputStream(file)) {
			int n;
			while ((n = in.read(buffer)) > 0) {
				int start = 0;
				for (int i = 0; i < n; i++) {
					if (buffer[i] == '\n') {
						line.write(buffer, start, i - start);
						start = i + 1;
						complete = offset + i + 1;
						consumer.accept(line.toString(StandardCharsets.UTF_8));
						line.reset();
					}
				}
				line.write(buffer, start, n - start);
				offset += n;
			}
		}
		return complete;
	}
}
