/**
 * The reactor conformance kit: extend {@link org.dinfra.reactor.conformance.ReactorConformanceTest}
 * in a reactor module's tests and provide a {@link org.dinfra.reactor.conformance.ReactorFixture}.
 */
package org.dinfra.reactor.conformance;
