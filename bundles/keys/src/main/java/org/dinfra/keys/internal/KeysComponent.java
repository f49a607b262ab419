package org.dinfra.keys.internal;

import org.dinfra.keys.api.Keys;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link Keys} DS service: {@link KeysService} with no configuration and no references.
 * A separate class so that plain-Java users ({@link Keys#standalone()}) need no OSGi annotations.
 */
@Component(service = Keys.class)
public final class KeysComponent extends KeysService {
	/** Randomness from a new {@link java.security.SecureRandom}. */
	public KeysComponent() {
		super();
	}
}
