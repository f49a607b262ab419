package org.dinfra.core.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.DescriptorStore;
import org.dinfra.core.api.LocalContentStore;
import org.dinfra.core.api.ReasonCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A local content-addressed directory: one file per descriptor, named by its CID. Bytes are
 * verified against the CID on every fetch, so a file changed on disk is refused, not served.
 * Public as {@link LocalContentStore#open(Path)}.
 */
@Component(service = DescriptorStore.class, configurationPid = LocalDescriptorStore.PID,
		property = "service.ranking:Integer=100")
@Designate(ocd = LocalDescriptorStore.Config.class)
public final class LocalDescriptorStore implements LocalContentStore {
	/** Configuration PID, the name of its .cfg file. */
	public static final String PID = "org.dinfra.core.store.local";

	@ObjectClassDefinition(name = "DINFRA local descriptor store",
			description = "A content-addressed directory of descriptors, one file per CID.")
	public @interface Config {
		@AttributeDefinition(name = "Directory",
				description = "Where descriptors are kept. Empty: ${karaf.data}/dinfra/content.")
		String directory() default "";

		@AttributeDefinition(name = "Maximum descriptor size",
				description = "Descriptors larger than this many bytes are refused.")
		long maxBytes() default Descriptors.DEFAULT_MAX_BYTES;
	}

	private final Path directory;
	private final long maxBytes;

	@Activate
	public LocalDescriptorStore(Config config) {
		this(Descriptors.dataPath(config.directory(), "content"), config.maxBytes());
	}

	/**
	 * @param directory the content directory (created when missing)
	 * @param maxBytes  the largest descriptor accepted
	 */
	public LocalDescriptorStore(Path directory, long maxBytes) {
		this.directory = directory;
		this.maxBytes = maxBytes;
	}

	@Override
	public String name() {
		return "local:" + directory;
	}

	@Override
	public Path directory() {
		return directory;
	}

	/** Stores bytes under their CID (CIDv1, raw, sha2-256). Storing the same bytes twice is a no-op. */
	@Override
	public Cid put(byte[] bytes) throws IOException {
		if (bytes.length > maxBytes) {
			throw new IOException("descriptor is " + bytes.length + " bytes; the limit is " + maxBytes);
		}
		Cid cid = Cid.of(bytes);
		Path target = directory.resolve(cid.toString());
		Files.createDirectories(directory);
		if (Files.isRegularFile(target) && cid.matches(Files.readAllBytes(target))) {
			return cid;
		}
		Path tmp = Files.createTempFile(directory, ".put-", ".tmp");
		try {
			Files.write(tmp, bytes);
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
		return cid;
	}

	@Override
	public byte[] fetch(Cid cid) throws DescriptorException {
		Descriptors.requireVerifiable(cid);
		Path file = directory.resolve(cid.toString());
		byte[] bytes;
		try (InputStream in = Files.newInputStream(file)) {
			bytes = Descriptors.readLimited(in, maxBytes, cid);
		} catch (NoSuchFileException e) {
			throw new DescriptorException(ReasonCode.DESCRIPTOR_UNAVAILABLE, "descriptor " + cid + " is not in " + name());
		} catch (IOException e) {
			throw new DescriptorException(ReasonCode.DESCRIPTOR_UNAVAILABLE,
					"cannot read descriptor " + cid + " from " + name() + ": " + e.getMessage(), e);
		}
		return Descriptors.verified(cid, bytes, name());
	}
}
