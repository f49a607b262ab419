package org.dinfra.reactor.dockercompose.internal;

import java.nio.file.Path;

import org.dinfra.reactor.conformance.ConfigFileCheck;
import org.junit.Test;

public class DockerComposeReactorConfigTest {
	@Test
	public void theCfgFileGivesEveryAttributeWithItsDefault() throws Exception {
		ConfigFileCheck.assertDocumentsDefaults(Path.of("src/main/cfg", DockerComposeReactor.PID + ".cfg"),
				DockerComposeReactorConfig.class);
	}
}
