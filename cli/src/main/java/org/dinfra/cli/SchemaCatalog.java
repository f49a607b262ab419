package org.dinfra.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dinfra.core.api.Reactor;

/**
 * The descriptor schemas reactors ship ({@link Reactor#SCHEMA_RESOURCE}), found offline: on this
 * program's class path (the reactor modules it depends on) and in the jars or directories of a
 * schema path ({@code --schema-path} or {@code DINFRA_SCHEMA_PATH}, separated by ':').
 */
public final class SchemaCatalog {
	private static final Pattern ENTRY = Pattern.compile("schema/([a-z0-9][a-z0-9._-]*)\\.schema\\.json");

	private final List<Path> path;

	/** @param schemaPath extra jars or directories separated by ':', or null */
	public SchemaCatalog(String schemaPath) {
		List<Path> entries = new ArrayList<>();
		String env = System.getenv("DINFRA_SCHEMA_PATH");
		for (String p : new String[] {schemaPath, env}) {
			if (p != null && !p.isBlank()) {
				for (String s : p.split(":")) {
					if (!s.isBlank()) {
						entries.add(Path.of(s));
					}
				}
			}
		}
		this.path = entries;
	}

	/**
	 * @param type a descriptor type id
	 * @return its schema text, when a reactor ships one
	 */
	public Optional<String> schema(String type) {
		String resource = String.format(Reactor.SCHEMA_RESOURCE, type);
		for (Path p : path) {
			try {
				if (Files.isDirectory(p)) {
					Path file = p.resolve(resource);
					if (Files.isRegularFile(file)) {
						return Optional.of(Files.readString(file));
					}
				} else if (Files.isRegularFile(p)) {
					try (JarFile jar = new JarFile(p.toFile())) {
						JarEntry e = jar.getJarEntry(resource);
						if (e != null) {
							try (InputStream in = jar.getInputStream(e)) {
								return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
							}
						}
					}
				}
			} catch (IOException e) {
				throw new CliException("cannot read schema path entry " + p + ": " + e.getMessage());
			}
		}
		URL url = SchemaCatalog.class.getClassLoader().getResource(resource);
		if (url == null) {
			return Optional.empty();
		}
		try (InputStream in = url.openStream()) {
			return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** @return every type with a schema, sorted */
	public List<String> types() {
		TreeSet<String> types = new TreeSet<>();
		for (Path p : path) {
			try {
				if (Files.isDirectory(p.resolve("schema"))) {
					try (var files = Files.list(p.resolve("schema"))) {
						files.forEach(f -> add(types, "schema/" + f.getFileName()));
					}
				} else if (Files.isRegularFile(p)) {
					try (JarFile jar = new JarFile(p.toFile())) {
						jar.stream().forEach(e -> add(types, e.getName()));
					}
				}
			} catch (IOException e) {
				throw new CliException("cannot read schema path entry " + p + ": " + e.getMessage());
			}
		}
		try {
			Enumeration<URL> dirs = SchemaCatalog.class.getClassLoader().getResources("schema");
			while (dirs.hasMoreElements()) {
				URL u = dirs.nextElement();
				if ("file".equals(u.getProtocol())) {
					try (var files = Files.list(Path.of(u.toURI()))) {
						files.forEach(f -> add(types, "schema/" + f.getFileName()));
					}
				} else if ("jar".equals(u.getProtocol())) {
					String jarPath = u.getPath().substring("file:".length(), u.getPath().indexOf("!/"));
					try (JarFile jar = new JarFile(java.net.URLDecoder.decode(jarPath, StandardCharsets.UTF_8))) {
						jar.stream().forEach(e -> add(types, e.getName()));
					}
				}
			}
		} catch (IOException | java.net.URISyntaxException e) {
			throw new CliException("cannot list the schemas on the class path: " + e.getMessage());
		}
		return List.copyOf(types);
	}

	private static void add(TreeSet<String> types, String entry) {
		Matcher m = ENTRY.matcher(entry);
		if (m.matches()) {
			types.add(m.group(1));
		}
	}
}
