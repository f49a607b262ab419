//! A mock runtime with the real providers pallet for the tests and benchmarks.

use crate as pallet_dinfra_subscriptions;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, Hooks, Randomness},
};
use frame_system::EnsureRoot;
use sp_core::H256;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Providers: pallet_dinfra_providers,
		Subscriptions: pallet_dinfra_subscriptions,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// Constant randomness: the assignment tests of the providers pallet cover the strategies.
pub struct TestRandomness;
impl Randomness<H256, u64> for TestRandomness {
	fn random(_subject: &[u8]) -> (H256, u64) {
		(H256::zero(), System::block_number())
	}
}

parameter_types! {
	pub const TypeDeposit: u64 = 100;
	pub const ProviderDeposit: u64 = 50;
}

impl pallet_dinfra_providers::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Randomness = TestRandomness;
	type AdminOrigin = EnsureRoot<u64>;
	type TypeDeposit = TypeDeposit;
	type ProviderDeposit = ProviderDeposit;
	type MaxTypeIdLen = ConstU32<64>;
	type MaxCidLen = ConstU32<128>;
	type MaxTypesPerProvider = ConstU32<4>;
	type MaxProvidersPerType = ConstU32<8>;
	type MaxNameLen = ConstU32<32>;
	type MaxRegionLen = ConstU32<16>;
	type MaxContactLen = ConstU32<64>;
	type WeightInfo = ();
}

impl pallet_dinfra_subscriptions::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Providers = Providers;
	type MaxCidLen = ConstU32<128>;
	type MaxEndpointLen = ConstU32<256>;
	type MaxExpiriesPerBlock = ConstU32<4>;
	type WeightInfo = ();
}

/// Accounts 1..=10 start with 10_000 each.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=10).map(|who| (who, 10_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs blocks up to and including `n`, with `on_initialize` of the subscriptions pallet.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Subscriptions::on_initialize(next);
	}
}
