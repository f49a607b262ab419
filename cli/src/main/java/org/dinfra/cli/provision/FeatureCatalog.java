package org.dinfra.cli.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.dinfra.core.api.Reactor;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The features a Karaf distribution can install offline: those of the repositories named by
 * {@code featuresRepositories} in {@code etc/org.apache.karaf.features.cfg} (and the repositories
 * they name), read from the distribution's {@code system/} directory. A reactor feature is one
 * whose bundle ships a descriptor schema, {@code schema/<type>.schema.json}
 * ({@code Reactor.SCHEMA_RESOURCE}): that is how a descriptor type finds its feature.
 */
final class FeatureCatalog {
	private static final Pattern SCHEMA = schemaEntry();

	/** A feature: its name, the features it depends on, its bundles and config files (maven URLs). */
	record Feature(String name, List<String> features, List<String> bundles, Map<String, String> configFiles) {
	}

	private final Path system;
	private final Map<String, Feature> features = new LinkedHashMap<>();
	private Map<String, List<String>> typeToFeatures;

	private FeatureCatalog(Path system) {
		this.system = system;
	}

	/**
	 * @param home the distribution (KARAF_HOME), holding {@code system/}
	 * @param cfg  its features configuration (etc/org.apache.karaf.features.cfg)
	 * @return the features of every repository that is in {@code system/}
	 */
	static FeatureCatalog read(Path home, KarafCfg cfg) throws IOException {
		FeatureCatalog catalog = new FeatureCatalog(home.resolve("system"));
		Deque<String> repositories = new ArrayDeque<>(cfg.list("featuresRepositories"));
		if (repositories.isEmpty()) {
			throw new IllegalArgumentException("no featuresRepositories in " + cfg.file() + ": is " + home + " a Karaf distribution?");
		}
		Set<String> seen = new HashSet<>();
		DocumentBuilder xml = parser();
		while (!repositories.isEmpty()) {
			String url = repositories.removeFirst();
			if (!seen.add(url)) {
				continue;
			}
			Optional<Path> file = catalog.artifact(url);
			if (file.isEmpty()) {
				continue;
			}
			Element root;
			try {
				root = xml.parse(file.get().toFile()).getDocumentElement();
			} catch (SAXException e) {
				throw new IOException("cannot read the features repository " + file.get() + ": " + e.getMessage(), e);
			}
			for (Element e : children(root)) {
				if (e.getLocalName().equals("repository")) {
					repositories.addLast(e.getTextContent().strip());
				} else if (e.getLocalName().equals("feature")) {
					catalog.features.putIfAbsent(e.getAttribute("name"), feature(e));
				}
			}
		}
		if (catalog.features.isEmpty()) {
			throw new IllegalArgumentException("no features repository of " + cfg.file() + " is in " + catalog.system);
		}
		return catalog;
	}

	/** {@link Reactor#SCHEMA_RESOURCE} with the type id as group 1. */
	private static Pattern schemaEntry() {
		String[] around = Reactor.SCHEMA_RESOURCE.split("%s", -1);
		return Pattern.compile(Pattern.quote(around[0]) + "([a-z0-9][a-z0-9._-]*)" + Pattern.quote(around[1]));
	}

	private static DocumentBuilder parser() throws IOException {
		try {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setNamespaceAware(true);
			f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			return f.newDocumentBuilder();
		} catch (ParserConfigurationException e) {
			throw new IOException(e);
		}
	}

	private static Feature feature(Element e) {
		List<String> dependencies = new ArrayList<>();
		List<String> bundles = new ArrayList<>();
		Map<String, String> configFiles = new LinkedHashMap<>();
		for (Element c : children(e)) {
			switch (c.getLocalName()) {
				case "feature" -> dependencies.add(c.getTextContent().strip());
				case "bundle" -> bundles.add(c.getTextContent().strip());
				case "configfile" -> configFiles.put(c.getAttribute("finalname"), c.getTextContent().strip());
				default -> {
				}
			}
		}
		return new Feature(e.getAttribute("name"), List.copyOf(dependencies), List.copyOf(bundles), configFiles);
	}

	private static List<Element> children(Element parent) {
		List<Element> out = new ArrayList<>();
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e && e.getLocalName() != null) {
				out.add(e);
			}
		}
		return out;
	}

	/**
	 * The file of a maven URL in {@code system/}: {@code mvn:group/artifact/version[/type[/classifier]]}
	 * is {@code group-as-path/artifact/version/artifact-version[-classifier].type}.
	 *
	 * @param url a maven URL, possibly with a {@code wrap:} prefix or a repository before {@code !}
	 * @return the file, when it is there
	 */
	Optional<Path> artifact(String url) {
		String u = url.strip();
		if (u.startsWith("wrap:")) {
			u = u.substring("wrap:".length());
			int params = u.indexOf('$');
			if (params >= 0) {
				u = u.substring(0, params);
			}
		}
		if (!u.startsWith("mvn:")) {
			return Optional.empty();
		}
		u = u.substring("mvn:".length());
		int bang = u.indexOf('!');
		if (bang >= 0) {
			u = u.substring(bang + 1);
		}
		String[] p = u.split("/");
		if (p.length < 3 || p.length > 5) {
			return Optional.empty();
		}
		String type = p.length > 3 && !p[3].isEmpty() ? p[3] : "jar";
		String classifier = p.length > 4 && !p[4].isEmpty() ? "-" + p[4] : "";
		Path file = system.resolve(p[0].replace('.', '/')).resolve(p[1]).resolve(p[2])
				.resolve(p[1] + "-" + p[2] + classifier + "." + type);
		return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
	}

	/** @return the feature of that name */
	Optional<Feature> feature(String name) {
		return Optional.ofNullable(features.get(name));
	}

	/** @return the names of every feature, sorted */
	Set<String> names() {
		return new TreeSet<>(features.keySet());
	}

	/** @return the feature and every feature it depends on, transitively, each once (dependencies first) */
	List<Feature> withDependencies(String name) {
		List<Feature> out = new ArrayList<>();
		collect(name, new HashSet<>(), out);
		return out;
	}

	private void collect(String name, Set<String> seen, List<Feature> out) {
		Feature f = features.get(name);
		if (f == null || !seen.add(name)) {
			return;
		}
		for (String d : f.features()) {
			collect(d, seen, out);
		}
		out.add(f);
	}

	/** @return descriptor type id to the features whose bundles ship its schema, sorted by type */
	Map<String, List<String>> reactorTypes() throws IOException {
		if (typeToFeatures == null) {
			Map<String, List<String>> types = new TreeMap<>();
			for (Feature f : features.values()) {
				for (String bundle : f.bundles()) {
					Optional<Path> jar = artifact(bundle);
					if (jar.isEmpty() || !jar.get().toString().endsWith(".jar")) {
						continue;
					}
					try (JarFile j = new JarFile(jar.get().toFile())) {
						j.stream().forEach(entry -> {
							Matcher m = SCHEMA.matcher(entry.getName());
							if (m.matches()) {
								List<String> fs = types.computeIfAbsent(m.group(1), t -> new ArrayList<>());
								if (!fs.contains(f.name())) {
									fs.add(f.name());
								}
							}
						});
					}
				}
			}
			typeToFeatures = types;
		}
		return typeToFeatures;
	}
}
