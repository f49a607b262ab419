//! The pallets benchmarked through this runtime (`runtime-benchmarks` feature).

frame_benchmarking::define_benchmarks!(
	[pallet_dinfra_providers, DinfraProviders]
	[pallet_dinfra_subscriptions, DinfraSubscriptions]
);
