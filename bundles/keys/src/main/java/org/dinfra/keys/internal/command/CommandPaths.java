package org.dinfra.keys.internal.command;

import java.nio.file.Path;

import org.apache.karaf.shell.api.console.Session;

/** Files and standard input of shell commands: paths relative to the shell's current directory. */
final class CommandPaths {
	private CommandPaths() {
	}

	static java.io.InputStream stdin(Session session) {
		return session == null ? System.in : session.getKeyboard();
	}

	static Path of(Session session, String path) {
		if (path == null) {
			return null;
		}
		Path p = Path.of(path);
		if (p.isAbsolute() || session == null) {
			return p;
		}
		Object pwd = session.get("PWD");
		return pwd == null ? p : Path.of(pwd.toString()).resolve(p);
	}
}
