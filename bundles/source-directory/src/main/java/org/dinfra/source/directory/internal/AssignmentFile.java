package org.dinfra.source.directory.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.Cid;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads one assignment file: {@code <id>.json} holding
 * <pre>{ "type": "docker-compose", "descriptor": "bafkrei...", "consumer": "5Grw..." }</pre>
 * {@code consumer} is optional. The file names the deployment id; the descriptor travels by
 * CID, exactly as on chain, and is fetched from the agent's descriptor stores.
 */
final class AssignmentFile {
	static final Pattern NAME = Pattern.compile("(\\d{1,20})\\.json");
	private static final Set<String> FIELDS = Set.of("type", "descriptor", "consumer");
	private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();

	private AssignmentFile() {
	}

	/**
	 * @param file an assignment file
	 * @return the assignment it holds
	 * @throws InvalidAssignmentException with every problem found
	 * @throws IOException                when it cannot be read
	 */
	static Assignment read(Path file) throws IOException, InvalidAssignmentException {
		Matcher m = NAME.matcher(file.getFileName().toString());
		if (!m.matches()) {
			throw new InvalidAssignmentException(List.of("file name must be <deployment id>.json"));
		}
		long id;
		try {
			id = Long.parseUnsignedLong(m.group(1));
		} catch (NumberFormatException e) {
			throw new InvalidAssignmentException(List.of("deployment id " + m.group(1) + " is not an unsigned 64-bit number"));
		}
		JsonNode node;
		try {
			node = JSON.readTree(Files.readAllBytes(file));
		} catch (JacksonException e) {
			throw new InvalidAssignmentException(List.of("not valid JSON: " + e.getOriginalMessage()));
		}
		if (node == null || !node.isObject()) {
			throw new InvalidAssignmentException(List.of("must be a JSON object"));
		}
		List<String> problems = new ArrayList<>();
		node.fieldNames().forEachRemaining(f -> {
			if (!FIELDS.contains(f)) {
				problems.add("/" + f + ": unknown field (allowed: type, descriptor, consumer)");
			}
		});
		String type = text(node, "type", true, problems);
		String descriptor = text(node, "descriptor", true, problems);
		String consumer = text(node, "consumer", false, problems);
		Cid cid = null;
		if (descriptor != null) {
			try {
				cid = Cid.parse(descriptor);
			} catch (IllegalArgumentException e) {
				problems.add("/descriptor: " + e.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidAssignmentException(problems);
		}
		return new Assignment(id, type, cid, consumer == null ? "" : consumer);
	}

	private static String text(JsonNode node, String field, boolean required, List<String> problems) {
		JsonNode value = node.get(field);
		if (value == null) {
			if (required) {
				problems.add("/" + field + ": required");
			}
			return null;
		}
		if (!value.isTextual() || value.asText().isBlank()) {
			problems.add("/" + field + ": must be a non-empty string");
			return null;
		}
		return value.asText().trim();
	}

	/** An assignment file that cannot be used, with every reason. */
	static final class InvalidAssignmentException extends Exception {
		private static final long serialVersionUID = 1L;
		private final transient List<String> problems;

		InvalidAssignmentException(List<String> problems) {
			super(String.join("; ", problems));
			this.problems = List.copyOf(problems);
		}

		List<String> problems() {
			return problems;
		}
	}
}
