package org.dinfra.itest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.List;

import javax.security.auth.Subject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Runs Karaf console commands inside the container as an administrator would. Karaf hides
 * commands whose ACL needs a role (feature:install, config:*) from a session without one, so
 * the session runs inside a JAAS subject with Karaf's admin roles, as Karaf's own tests do.
 */
public final class Console {
	private static final List<String> ROLES = List.of("admin", "manager", "viewer", "systembundles");
	private final SessionFactory sessions;

	/** @param sessions the container's session factory */
	public Console(SessionFactory sessions) {
		this.sessions = sessions;
	}

	/**
	 * Runs the lines in one session (config:edit keeps its state within a session).
	 *
	 * @param lines console commands
	 * @return everything they printed
	 */
	public String execute(String... lines) throws Exception {
		Subject subject = new Subject();
		Class<?> role = Class.forName("org.apache.karaf.jaas.boot.principal.RolePrincipal");
		for (String name : ROLES) {
			subject.getPrincipals().add((Principal) role.getConstructor(String.class).newInstance(name));
		}
		try {
			return Subject.doAs(subject, (PrivilegedExceptionAction<String>) () -> run(lines));
		} catch (PrivilegedActionException e) {
			throw e.getException();
		}
	}

	private String run(String... lines) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		Session session = sessions.create(System.in, out, out);
		try {
			for (String line : lines) {
				session.execute(line);
			}
		} finally {
			session.close();
		}
		out.flush();
		return bytes.toString(StandardCharsets.UTF_8);
	}
}
