package org.dinfra.keys.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Reading and writing secrets the same way in the Karaf commands and the {@code ./dinfra} CLI:
 * as {@code char[]}/{@code byte[]} that the caller clears, with one-line errors that name the
 * file but never its content.
 */
public final class Secrets {
	private static final int MAX_SECRET_BYTES = 64 * 1024;

	private Secrets() {
	}

	/**
	 * Reads a secret (secret URI, mnemonic, passphrase) from a file: UTF-8, one trailing newline
	 * (LF or CRLF) removed.
	 *
	 * @param file the file
	 * @param what what the file holds, for the error message ("secret URI", "passphrase")
	 * @return the secret; clear it when done
	 * @throws KeyException if the file cannot be read, is not UTF-8 or is empty
	 */
	public static char[] read(Path file, String what) throws KeyException {
		try (InputStream in = Files.newInputStream(file)) {
			return read(in, what + " file " + file);
		} catch (NoSuchFileException e) {
			throw new KeyException("cannot read " + what + " file " + file + ": no such file");
		} catch (IOException e) {
			throw new KeyException("cannot read " + what + " file " + file + ": " + e.getMessage());
		}
	}

	/**
	 * Reads a secret as {@link #read(Path, String)}, from a file that only its owner may read,
	 * as ssh requires of private keys: a file readable or writable by its group or others is
	 * refused (on file systems with POSIX permissions).
	 *
	 * @param file the file
	 * @param what what the file holds, for the error message
	 * @return the secret; clear it when done
	 * @throws KeyException if the file is accessible to others or cannot be read
	 */
	public static char[] readOwnerOnly(Path file, String what) throws KeyException {
		if (posix(file) && Files.exists(file)) {
			Set<PosixFilePermission> permissions;
			try {
				permissions = Files.getPosixFilePermissions(file);
			} catch (IOException e) {
				throw new KeyException("cannot read " + what + " file " + file + ": " + e.getMessage());
			}
			for (PosixFilePermission p : permissions) {
				if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
					throw new KeyException(what + " file " + file + " is accessible to others (mode "
							+ PosixFilePermissions.toString(permissions) + "); run chmod 600 " + file);
				}
			}
		}
		return read(file, what);
	}

	/**
	 * Reads a secret from a stream (standard input) up to its end, as {@link #read(Path, String)}.
	 *
	 * @param in    the stream; not closed
	 * @param where what the stream is, for the error message ("standard input")
	 * @return the secret; clear it when done
	 * @throws KeyException if the stream cannot be read, is not UTF-8 or is empty
	 */
	public static char[] read(InputStream in, String where) throws KeyException {
		byte[] bytes = new byte[256];
		int length = 0;
		CharBuffer chars = null;
		try {
			int n;
			while ((n = in.read(bytes, length, bytes.length - length)) >= 0) {
				length += n;
				if (length == bytes.length) {
					if (length >= MAX_SECRET_BYTES) {
						throw new KeyException(where + " is larger than " + MAX_SECRET_BYTES + " bytes: not a secret");
					}
					byte[] larger = Arrays.copyOf(bytes, 2 * length);
					Arrays.fill(bytes, (byte) 0);
					bytes = larger;
				}
			}
			chars = StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes, 0, length));
			int end = chars.limit();
			if (end > 0 && chars.get(end - 1) == '\n') {
				end--;
				if (end > 0 && chars.get(end - 1) == '\r') {
					end--;
				}
			}
			if (end == 0) {
				throw new KeyException(where + " is empty");
			}
			char[] secret = new char[end];
			chars.get(0, secret);
			return secret;
		} catch (CharacterCodingException e) {
			throw new KeyException(where + " is not UTF-8 text");
		} catch (IOException e) {
			throw new KeyException("cannot read " + where + ": " + e.getMessage());
		} finally {
			Arrays.fill(bytes, (byte) 0);
			if (chars != null && chars.hasArray()) {
				Arrays.fill(chars.array(), '\0');
			}
		}
	}

	/**
	 * Takes a secret from where a command was told to find it: the argument itself, {@code -} in
	 * the argument for standard input, or a file; exactly one of argument and file.
	 *
	 * @param argument the command-line argument, or null
	 * @param file     the file option, or null
	 * @param stdin    standard input
	 * @param what     what the secret is, for messages ("secret URI")
	 * @param option   the file option's name, for messages ("--suri-file")
	 * @return the secret; clear it when done
	 * @throws KeyException if neither or both are given, or reading fails
	 */
	public static char[] fromArgumentFileOrStdin(String argument, Path file, InputStream stdin, String what, String option)
			throws KeyException {
		if (argument != null && file != null) {
			throw new KeyException("give the " + what + " either as an argument or with " + option + ", not both");
		}
		if (file != null) {
			return read(file, what);
		}
		if (argument == null) {
			throw new KeyException("give the " + what + " as an argument, as - to read it from standard input, or with " + option + " FILE");
		}
		if (argument.equals("-")) {
			return read(stdin, what + " on standard input");
		}
		return argument.toCharArray();
	}

	/**
	 * Writes a private key file that only its owner can read: created new with mode 0600
	 * (the permission is set atomically on creation on POSIX file systems).
	 *
	 * @param file    the file, which must not exist yet
	 * @param content the bytes to write
	 * @throws KeyException if the file exists or cannot be written
	 */
	public static void writeOwnerOnly(Path file, byte[] content) throws KeyException {
		Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		try (SeekableByteChannel channel = posix(file)
				? Files.newByteChannel(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
				: Files.newByteChannel(file, options)) {
			ByteBuffer buffer = ByteBuffer.wrap(content);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
		} catch (FileAlreadyExistsException e) {
			throw new KeyException("cannot write " + file + ": the file exists (not overwriting a key)");
		} catch (NoSuchFileException e) {
			throw new KeyException("cannot write " + file + ": no such directory");
		} catch (IOException | UnsupportedOperationException e) {
			throw new KeyException("cannot write " + file + ": " + e.getMessage());
		}
	}

	private static boolean posix(Path file) {
		Path dir = file.toAbsolutePath().getParent();
		return dir != null && dir.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	/** @param secret overwritten with zeros; null is ignored */
	public static void clear(char[] secret) {
		if (secret != null) {
			Arrays.fill(secret, '\0');
		}
	}

	/** @param secret overwritten with zeros; null is ignored */
	public static void clear(byte[] secret) {
		if (secret != null) {
			Arrays.fill(secret, (byte) 0);
		}
	}
}
