package org.dinfra.chain.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.ScaleException;
import org.dinfra.chain.client.TypeRegistry;
import org.dinfra.chain.client.Value;
import org.junit.Test;

/**
 * The typed model of the contract against the metadata of our runtime (V14 and V15, recorded
 * from the dev chain by scripts/vectors/chain/generate.mjs): every name it has is in the
 * runtime, it has every call, event, storage item and constant of the DINFRA pallets, the status
 * enums are the runtime's variants, and the constants are what the runtime declares.
 */
public class ContractTest {
	private static final List<String> RUNTIMES = List.of("metadata-dinfra-v14.scale", "metadata-dinfra-v15.scale");

	private static Metadata metadata(String name) throws IOException {
		try (InputStream in = ContractTest.class.getResourceAsStream("/vectors/" + name)) {
			return Metadata.parse(in.readAllBytes());
		}
	}

	private static Set<String> variants(Metadata m, int type) {
		TypeRegistry.VariantDef def = (TypeRegistry.VariantDef) m.types().get(type).def();
		return def.variants().stream().map(TypeRegistry.Variant::name).collect(Collectors.toCollection(TreeSet::new));
	}

	private static <E extends Enum<E>> Set<String> names(E[] values, Function<E, Pallet> pallet, Pallet p, Function<E, String> name) {
		return Arrays.stream(values).filter(e -> pallet.apply(e) == p).map(name).collect(Collectors.toCollection(TreeSet::new));
	}

	@Test
	public void theModelHasEveryCallEventStorageItemAndConstantOfTheDinfraPalletsAndNothingElse() throws IOException {
		for (String runtime : RUNTIMES) {
			Metadata m = metadata(runtime);
			for (Pallet p : Pallet.values()) {
				Metadata.Pallet inRuntime = p.in(m);
				assertEquals(runtime + " " + p + " calls", variants(m, inRuntime.callType()),
						names(Call.values(), Call::pallet, p, Call::callName));
				assertEquals(runtime + " " + p + " events", variants(m, inRuntime.eventType()),
						names(Event.values(), Event::pallet, p, Event::eventName));
				assertEquals(runtime + " " + p + " storage", inRuntime.storage().stream().map(Metadata.StorageEntry::name)
						.collect(Collectors.toCollection(TreeSet::new)), names(StorageItem.values(), StorageItem::pallet, p, StorageItem::itemName));
				assertEquals(runtime + " " + p + " constants", inRuntime.constants().stream().map(Metadata.Constant::name)
						.collect(Collectors.toCollection(TreeSet::new)),
						names(RuntimeConstant.values(), RuntimeConstant::pallet, p, RuntimeConstant::constantName));
			}
			for (StorageItem item : StorageItem.values()) {
				assertEquals(item.itemName(), item.entry(m).name());
			}
		}
	}

	@Test
	public void statusEnumsAreTheVariantsOfTheRuntimesStatusTypes() throws IOException {
		for (String runtime : RUNTIMES) {
			Metadata m = metadata(runtime);
			assertEquals(runtime, statusVariants(m, StorageItem.SUBSCRIPTIONS),
					Arrays.stream(SubscriptionStatus.values()).map(SubscriptionStatus::variantName).collect(Collectors.toSet()));
			assertEquals(runtime, statusVariants(m, StorageItem.DESCRIPTOR_TYPES),
					Arrays.stream(TypeStatus.values()).map(TypeStatus::variantName).collect(Collectors.toSet()));
			assertEquals(runtime, statusVariants(m, StorageItem.PROVIDERS),
					Arrays.stream(ProviderStatus.values()).map(ProviderStatus::variantName).collect(Collectors.toSet()));
		}
	}

	/** @return the variants of the {@code status} field of an item's value type */
	private static Set<String> statusVariants(Metadata m, StorageItem item) {
		TypeRegistry.CompositeDef value = (TypeRegistry.CompositeDef) m.types().get(item.entry(m).valueType()).def();
		int status = value.fields().stream().filter(f -> "status".equals(f.name())).findFirst().orElseThrow().type();
		return variants(m, status);
	}

	@Test
	public void constantsAreTheRuntimesOwn() throws IOException {
		// parachain/runtime/src/configs.rs
		for (String runtime : RUNTIMES) {
			Metadata m = metadata(runtime);
			assertEquals(256, RuntimeConstant.MAX_ENDPOINT_LEN.intValue(m));
			assertEquals(128, RuntimeConstant.MAX_DESCRIPTOR_CID_LEN.intValue(m));
			assertEquals(128, RuntimeConstant.MAX_SCHEMA_CID_LEN.intValue(m));
			assertEquals(64, RuntimeConstant.MAX_TYPE_ID_LEN.intValue(m));
			assertEquals(16, RuntimeConstant.MAX_TYPES_PER_PROVIDER.intValue(m));
			assertEquals(64, RuntimeConstant.MAX_NAME_LEN.intValue(m));
			assertEquals(32, RuntimeConstant.MAX_REGION_LEN.intValue(m));
			assertEquals(128, RuntimeConstant.MAX_CONTACT_LEN.intValue(m));
			assertEquals(1, RuntimeConstant.TYPE_DEPOSIT.value(m).signum());
			assertEquals(1, RuntimeConstant.PROVIDER_DEPOSIT.value(m).signum());
		}
	}

	@Test
	public void subscriptionStatusIsDecodedFromTheChainsValue() {
		Value failed = new Value.VariantValue("Failed", 2, List.of(new Value.Field("reason", Value.of(6))));
		assertEquals(SubscriptionStatus.FAILED, SubscriptionStatus.of(failed));
		assertEquals(OptionalInt.of(6), SubscriptionStatus.failureReason(failed));
		Value deployed = new Value.VariantValue("Deployed", 1, List.of());
		assertEquals(OptionalInt.empty(), SubscriptionStatus.failureReason(deployed));
		assertEquals(SubscriptionStatus.DEPLOYED,
				SubscriptionStatus.ofSubscription(new Value.Composite(List.of(new Value.Field("status", deployed)))));
		assertEquals("Deployed", SubscriptionStatus.DEPLOYED.toString());
		assertEquals(List.of(true, true, false, false, false),
				Arrays.stream(SubscriptionStatus.values()).map(SubscriptionStatus::live).toList());
		assertThrows(ScaleException.class, () -> SubscriptionStatus.of(new Value.VariantValue("Suspended", 5, List.of())));
		assertThrows(ScaleException.class, () -> SubscriptionStatus.of(new Value.Int(BigInteger.ONE)));
	}

	@Test
	public void namesPrintAsThePalletAndTheItem() {
		assertEquals("DinfraSubscriptions.report_deployed", Call.REPORT_DEPLOYED.toString());
		assertEquals("DinfraSubscriptions.SubscriptionCreated", Event.SUBSCRIPTION_CREATED.toString());
		assertEquals("DinfraProviders.Providers", StorageItem.PROVIDERS.toString());
		assertEquals("DinfraSubscriptions.MaxEndpointLen", RuntimeConstant.MAX_ENDPOINT_LEN.toString());
	}
}
