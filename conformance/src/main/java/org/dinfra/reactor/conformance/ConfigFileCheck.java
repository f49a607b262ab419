package org.dinfra.reactor.conformance;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a reactor's {@code .cfg} file documents its configuration annotation (the
 * {@code @ObjectClassDefinition} {@code @interface}) exactly: every key of the file, set or
 * commented out ({@code # key = value}), is an attribute of the annotation, every attribute is in
 * the file, and the value the file gives is the attribute's default. Call it from a unit test of
 * the reactor, so that the documented defaults cannot drift from the code.
 *
 * <p>Keys follow the DS naming of component property types ({@code _} is {@code .}, {@code __}
 * is {@code _}). Values compare by type: numbers and booleans as parsed, strings as written, and
 * an array as its elements joined by commas (empty for none).
 */
public final class ConfigFileCheck {
	/** {@code key = value}, or {@code # key = value}: a key is one word of letters, digits, '.' and '_'. */
	private static final Pattern ENTRY = Pattern.compile("(#\\s*)?([A-Za-z][A-Za-z0-9._]*)\\s*=\\s*(.*)");

	private ConfigFileCheck() {
	}

	/**
	 * Fails with every problem found.
	 *
	 * @param cfg    the {@code .cfg} file
	 * @param config the configuration annotation
	 * @throws IOException when the file cannot be read
	 */
	public static void assertDocumentsDefaults(Path cfg, Class<? extends Annotation> config) throws IOException {
		List<String> problems = problems(cfg, config);
		if (!problems.isEmpty()) {
			fail(cfg + " does not document " + config.getSimpleName() + ":\n  " + String.join("\n  ", problems));
		}
	}

	/**
	 * @param cfg    the {@code .cfg} file
	 * @param config the configuration annotation
	 * @return every key that is no attribute, attribute missing from the file, and value that is
	 *         not the default, one line each
	 * @throws IOException when the file cannot be read
	 */
	public static List<String> problems(Path cfg, Class<? extends Annotation> config) throws IOException {
		Map<String, Method> attributes = new LinkedHashMap<>();
		for (Method m : config.getDeclaredMethods()) {
			attributes.put(key(m.getName()), m);
		}
		List<String> problems = new ArrayList<>();
		Set<String> documented = new TreeSet<>();
		int n = 0;
		for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
			n++;
			Matcher e = ENTRY.matcher(line.strip());
			if (!e.matches()) {
				continue;
			}
			String key = e.group(2);
			String value = e.group(3).strip();
			Method attribute = attributes.get(key);
			Object dflt = attribute == null ? null : attribute.getDefaultValue();
			if (attribute == null) {
				problems.add("line " + n + ": " + key + (e.group(1) != null ? " (commented)" : "") + " is no attribute of "
						+ config.getSimpleName());
			} else if (!documented.add(key)) {
				problems.add("line " + n + ": " + key + " is given twice");
			} else if (dflt != null && !matches(value, dflt)) { // no default: any value documents it
				problems.add("line " + n + ": " + key + " = " + value + ", but its default is " + format(dflt));
			}
		}
		for (String key : new TreeSet<>(attributes.keySet())) {
			if (!documented.contains(key)) {
				problems.add(key + " is not in the file");
			}
		}
		return problems;
	}

	/** @return the property name of an attribute, as DS derives it from the method name */
	static String key(String method) {
		return method.replace("__", "\0").replace('_', '.').replace('\0', '_');
	}

	private static boolean matches(String value, Object dflt) {
		try {
			if (dflt instanceof String s) {
				return value.equals(s);
			}
			if (dflt instanceof Boolean b) {
				return value.equals(b.toString());
			}
			if (dflt instanceof Integer i) {
				return Integer.parseInt(value) == i;
			}
			if (dflt instanceof Long l) {
				return Long.parseLong(value) == l;
			}
			if (dflt instanceof Double d) {
				return Double.compare(Double.parseDouble(value), d) == 0;
			}
			if (dflt instanceof Float f) {
				return Float.compare(Float.parseFloat(value), f) == 0;
			}
			if (dflt.getClass().isArray() || dflt instanceof Enum<?>) {
				return value.equals(format(dflt));
			}
			return value.equals(dflt.toString());
		} catch (NumberFormatException e) {
			return false;
		}
	}

	private static String format(Object dflt) {
		if (dflt.getClass().isArray()) {
			List<String> items = new ArrayList<>();
			for (int i = 0; i < Array.getLength(dflt); i++) {
				items.add(String.valueOf(Array.get(dflt, i)));
			}
			return String.join(",", items);
		}
		return dflt instanceof Enum<?> e ? e.name() : String.valueOf(dflt);
	}
}
