package org.dinfra.core.internal.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.dinfra.core.api.DescriptorTypes;

/** Validates a descriptor file against the schema of an installed type. */
@Service
@Command(scope = "dinfra", name = "validate", description = "Validates a descriptor file against its type's JSON Schema.")
public class ValidateCommand implements Action {
	@Reference
	DescriptorTypes types;

	@Reference
	Session session;

	@Option(name = "--type", aliases = "-t", description = "The descriptor type", required = true)
	String type;

	@Argument(index = 0, name = "file", description = "The descriptor file", required = true)
	String file;

	@Override
	public Object execute() throws Exception {
		if (types.type(type).isEmpty()) {
			throw new IllegalArgumentException("no installed reactor serves type '" + type + "'");
		}
		Path path = Path.of(file);
		if (!path.isAbsolute()) {
			Object pwd = session.get("PWD");
			path = Path.of(pwd == null ? "." : pwd.toString()).resolve(path);
		}
		List<String> problems = types.validate(type, Files.readAllBytes(path));
		if (problems.isEmpty()) {
			System.out.println(file + ": valid " + type);
		} else {
			System.out.println(file + ": " + problems.size() + " problem(s)");
			problems.forEach(p -> System.out.println("  " + p));
		}
		return null;
	}
}
