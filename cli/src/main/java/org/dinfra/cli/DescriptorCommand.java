package org.dinfra.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorCheck;
import org.dinfra.core.api.DescriptorValidator;
import org.dinfra.core.api.LocalContentStore;
import org.dinfra.core.api.SchemaProblem;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./dinfra descriptor ...}: deployment descriptors, offline. */
@Command(name = "descriptor", mixinStandardHelpOptions = true,
		description = "Deployment descriptors: validate against the schemas reactors ship, compute CIDs, store them.",
		subcommands = {DescriptorCommand.Validate.class, DescriptorCommand.Check.class, DescriptorCommand.Types.class, DescriptorCommand.CidOf.class,
				DescriptorCommand.Put.class, DescriptorGetCommand.class})
public final class DescriptorCommand implements Runnable {
	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}


	@Command(name = "validate", mixinStandardHelpOptions = true,
			description = "Validates a descriptor file against its type's JSON Schema (draft 2020-12), with the same "
					+ "schema the reactor ships. Exit 0 when valid, 1 with every problem when not.")
	static final class Validate implements Callable<Integer> {
		@Spec
		CommandSpec spec;

		@picocli.CommandLine.Mixin
		Target target;

		@Override
		public Integer call() throws IOException {
			List<String> problems = validate(target.catalog(), target.type, target.read());
			return outcome(spec, problems, target.file + ": valid " + target.type,
					target.file + " is not a valid " + target.type + " descriptor");
		}
	}

	/** What every descriptor check takes: the type, extra schema locations and the file. */
	static final class Target {
		@Option(names = {"--type", "-t"}, required = true, paramLabel = "TYPE", description = "The descriptor type.")
		String type;

		@picocli.CommandLine.Mixin
		SchemaPathMixin schemas;

		@Parameters(paramLabel = "FILE", description = "The descriptor file.")
		String file;

		byte[] read() throws IOException {
			return Files.readAllBytes(Environment.readableFile(file));
		}

		SchemaCatalog catalog() {
			return new SchemaCatalog(schemas.schemaPath);
		}
	}

	/**
	 * Prints the outcome of a check: one line on stdout when there is no problem (exit 0), else
	 * an {@code error:} line and every problem on stderr (exit 1).
	 */
	static int outcome(CommandSpec spec, List<String> problems, String accepted, String refused) {
		if (problems.isEmpty()) {
			spec.commandLine().getOut().println(accepted);
			return 0;
		}
		PrintWriter err = spec.commandLine().getErr();
		err.println("error: " + refused + " (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):");
		problems.forEach(p -> err.println("  " + p));
		return 1;
	}

	/** The extra schema locations. */
	static final class SchemaPathMixin {
		@Option(names = "--schema-path", paramLabel = "PATH",
				description = "Extra reactor jars or directories holding schema/<type>.schema.json, separated by ':' "
						+ "(also DINFRA_SCHEMA_PATH).")
		String schemaPath;
	}

	/**
	 * @param catalog    where schemas are found
	 * @param type       the type id
	 * @param descriptor the descriptor bytes
	 * @return the problems; empty when valid
	 */
	public static List<String> validate(SchemaCatalog catalog, String type, byte[] descriptor) {
		String schema = catalog.schema(type).orElseThrow(() -> new CliException("unknown descriptor type '" + type
				+ "'; known types: " + String.join(", ", catalog.types())));
		DescriptorValidator validator;
		try {
			validator = DescriptorValidator.forSchema(schema);
		} catch (IllegalArgumentException e) {
			throw new CliException("the schema of type '" + type + "' does not compile: " + e.getMessage());
		}
		return validator.problems(descriptor).stream().map(SchemaProblem::toString).toList();
	}

	@Command(name = "check", mixinStandardHelpOptions = true,
			description = "Checks a descriptor as a provider with default settings would before deploying it: the "
					+ "type's JSON Schema, then the reactor's default policy. Exit 0 when accepted, 1 with every "
					+ "problem when not.")
	static final class Check implements Callable<Integer> {
		@Spec
		CommandSpec spec;

		@picocli.CommandLine.Mixin
		Target target;

		@Override
		public Integer call() throws IOException {
			byte[] bytes = target.read();
			List<String> problems = new java.util.ArrayList<>(validate(target.catalog(), target.type, bytes));
			if (!problems.isEmpty()) {
				return outcome(spec, problems, "", target.file + " is refused by the schema of " + target.type);
			}
			String json = new String(bytes, StandardCharsets.UTF_8);
			for (DescriptorCheck check : ServiceLoader.load(DescriptorCheck.class)) {
				if (check.type().equals(target.type)) {
					problems.addAll(check.check(json));
				}
			}
			return outcome(spec, problems, target.file + ": accepted " + target.type + " (schema and default policy)",
					target.file + " is refused by the policy of " + target.type);
		}
	}

	@Command(name = "types", mixinStandardHelpOptions = true,
			description = "Lists the descriptor types whose schemas are available offline.")
	static final class Types implements Callable<Integer> {
		@Spec
		CommandSpec spec;

		@picocli.CommandLine.Mixin
		SchemaPathMixin schemas;

		@Override
		public Integer call() {
			new SchemaCatalog(schemas.schemaPath).types().forEach(spec.commandLine().getOut()::println);
			return 0;
		}
	}

	@Command(name = "cid", mixinStandardHelpOptions = true,
			description = "Prints the CID (CIDv1, raw, sha2-256) of a descriptor file, as the chain and the agent name it.")
	static final class CidOf implements Callable<Integer> {
		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "FILE", description = "The descriptor file.")
		String file;

		@Override
		public Integer call() throws IOException {
			spec.commandLine().getOut().println(Cid.of(Files.readAllBytes(Environment.readableFile(file))));
			return 0;
		}
	}

	@Command(name = "put", mixinStandardHelpOptions = true,
			description = "Stores a descriptor file in a local content store and prints its CID.")
	static final class Put implements Callable<Integer> {
		@Spec
		CommandSpec spec;

		@Option(names = "--store", paramLabel = "DIR",
				description = "The content store directory (default: the local agent's, under DINFRA_HOME).")
		Path store;

		@Parameters(paramLabel = "FILE", description = "The descriptor file.")
		String file;

		@Override
		public Integer call() throws IOException {
			byte[] bytes = Files.readAllBytes(Environment.readableFile(file));
			spec.commandLine().getOut().println(put(store, bytes));
			return 0;
		}
	}

	/**
	 * Stores a descriptor in a local content store, as {@code descriptor put} does.
	 *
	 * @param store the content store directory, or null for the local agent's (under DINFRA_HOME)
	 * @param bytes the descriptor
	 * @return its CID
	 * @throws IOException if the store cannot be written
	 */
	public static Cid put(Path store, byte[] bytes) throws IOException {
		Path dir = store != null ? store : Environment.agentData().resolve("dinfra").resolve("content");
		return LocalContentStore.open(dir).put(bytes);
	}
}
