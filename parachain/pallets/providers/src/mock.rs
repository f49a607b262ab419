//! A mock runtime for the pallet's tests and benchmarks.

use crate as pallet_dinfra_providers;
use codec::Encode;
use frame_support::{derive_impl, parameter_types, traits::Randomness};
use frame_system::EnsureRoot;
use sp_core::H256;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Providers: pallet_dinfra_providers,
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

parameter_types! {
	/// The value the mock randomness returns (its first four bytes, little endian).
	pub static RandomValue: u32 = 0;
}

/// Randomness whose value tests set with [`RandomValue`]; the subject does not matter.
pub struct TestRandomness;
impl Randomness<H256, u64> for TestRandomness {
	fn random(_subject: &[u8]) -> (H256, u64) {
		let mut bytes = [0u8; 32];
		bytes[..4].copy_from_slice(&RandomValue::get().encode());
		(H256::from(bytes), System::block_number())
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
	type MaxTypeIdLen = frame_support::traits::ConstU32<64>;
	type MaxCidLen = frame_support::traits::ConstU32<128>;
	type MaxTypesPerProvider = frame_support::traits::ConstU32<4>;
	type MaxProvidersPerType = frame_support::traits::ConstU32<8>;
	type MaxNameLen = frame_support::traits::ConstU32<32>;
	type MaxRegionLen = frame_support::traits::ConstU32<16>;
	type MaxContactLen = frame_support::traits::ConstU32<64>;
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
