package org.dinfra.cli.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.utils.properties.Properties;

/**
 * One {@code etc/<pid>.cfg} file, read and written as Karaf reads and writes it (Felix's
 * {@code Properties}, no placeholder substitution): comments, order and the other keys stay as
 * they are; only the keys set here change. {@link #save()} writes only when something changed.
 */
final class KarafCfg {
	private final Path file;
	private final Properties properties = new Properties(false);
	private boolean changed;

	private KarafCfg(Path file) {
		this.file = file;
	}

	/** @return the file's properties, empty when the file does not exist */
	static KarafCfg read(Path file) throws IOException {
		KarafCfg cfg = new KarafCfg(file);
		if (Files.exists(file)) {
			cfg.properties.load(file.toFile());
		}
		return cfg;
	}

	Path file() {
		return file;
	}

	/** @return the value, or null when the key is absent */
	String get(String key) {
		return properties.getProperty(key);
	}

	/** Sets a single-line value, keeping the key's comments and place. */
	void set(String key, String value) {
		if (!value.equals(properties.getProperty(key))) {
			properties.put(key, value);
			changed = true;
		}
	}

	/**
	 * The entries of a comma-separated list such as {@code featuresBoot}, as written (with their
	 * versions and stage parentheses), in order.
	 */
	List<String> list(String key) {
		List<String> entries = new ArrayList<>();
		String value = properties.getProperty(key);
		if (value != null) {
			for (String e : value.split(",")) {
				if (!e.isBlank()) {
					entries.add(e.strip());
				}
			}
		}
		return entries;
	}

	/**
	 * Appends entries to a comma-separated list, one per line as Karaf writes {@code featuresBoot}
	 * ({@code key = \}, then four spaces, the entry and {@code , \}); the lines already there are
	 * kept as they are.
	 */
	void append(String key, List<String> entries) {
		if (entries.isEmpty()) {
			return;
		}
		List<String> lines = new ArrayList<>();
		List<String> raw = properties.getRaw(key);
		if (raw == null || raw.isEmpty()) {
			lines.add(key + " = ");
		} else {
			lines.addAll(raw);
			String value = properties.getProperty(key);
			int last = lines.size() - 1;
			if (value != null && !value.isBlank() && !lines.get(last).stripTrailing().endsWith(",")) {
				lines.set(last, lines.get(last).stripTrailing() + ", ");
			}
		}
		for (int i = 0; i < entries.size(); i++) {
			lines.add("    " + entries.get(i) + (i < entries.size() - 1 ? ", " : ""));
		}
		List<String> comments = properties.getComments(key);
		properties.put(key, comments == null ? List.of() : comments, lines);
		changed = true;
	}

	/** Writes the file when a value changed. @return whether it was written */
	boolean save() throws IOException {
		if (!changed) {
			return false;
		}
		properties.save(file.toFile());
		changed = false;
		return true;
	}
}
