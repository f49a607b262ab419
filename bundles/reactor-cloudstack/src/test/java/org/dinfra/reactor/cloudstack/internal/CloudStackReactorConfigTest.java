package org.dinfra.reactor.cloudstack.internal;

import java.nio.file.Path;

import org.dinfra.reactor.conformance.ConfigFileCheck;
import org.junit.Test;

public class CloudStackReactorConfigTest {
	@Test
	public void theCfgFileGivesEveryAttributeWithItsDefault() throws Exception {
		ConfigFileCheck.assertDocumentsDefaults(Path.of("src/main/cfg", CloudStackReactor.PID + ".cfg"),
				CloudStackReactorConfig.class);
	}
}
