//! Benchmarks of the providers pallet.

use super::*;
use crate::pallet::Providers as ProvidersStorage;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::traits::Saturating;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::TypeDeposit::get()
		.saturating_add(T::ProviderDeposit::get())
		.saturating_mul(1_000u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, amount);
	who
}

/// A type id of maximal length that differs by `index`.
fn type_id<T: Config>(index: u32) -> TypeIdOf<T> {
	let mut id = index.to_le_bytes().to_vec();
	id.resize(T::MaxTypeIdLen::get() as usize, b'x');
	id.try_into().expect("resized to the maximum; qed")
}

fn cid<T: Config>() -> CidOf<T> {
	alloc::vec![b'c'; T::MaxCidLen::get() as usize]
		.try_into()
		.expect("maximal; qed")
}

fn metadata<T: Config>() -> ProviderMetadataOf<T> {
	ProviderMetadata {
		name: alloc::vec![b'n'; T::MaxNameLen::get() as usize].try_into().unwrap(),
		region: alloc::vec![b'r'; T::MaxRegionLen::get() as usize].try_into().unwrap(),
		contact: alloc::vec![b'c'; T::MaxContactLen::get() as usize].try_into().unwrap(),
	}
}

/// Registers types `from..from + count`, each already served by `MaxProvidersPerType - 1`
/// other providers (the worst case for the per-type index), and returns offers for them.
fn types_with_providers<T: Config>(from: u32, count: u32) -> OffersOf<T> {
	let owner = funded::<T>("owner", 0);
	let mut offers = Vec::new();
	for i in from..from + count {
		let id = type_id::<T>(i);
		Pallet::<T>::do_register_type(owner.clone(), id.clone(), cid::<T>()).unwrap();
		let others: Vec<T::AccountId> = (0..T::MaxProvidersPerType::get().saturating_sub(1))
			.map(|j| account("other", j, i))
			.collect();
		TypeProviders::<T>::insert(&id, BoundedVec::try_from(others).unwrap());
		offers.push(Offer { type_id: id, price_per_block: 1u32.into() });
	}
	offers.try_into().expect("at most MaxTypesPerProvider; qed")
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_type() {
		let caller = funded::<T>("caller", 0);
		let id = type_id::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id.clone(), cid::<T>());

		assert!(DescriptorTypes::<T>::contains_key(&id));
	}

	#[benchmark]
	fn retire_type() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let id = type_id::<T>(0);
		Pallet::<T>::do_register_type(caller, id.clone(), cid::<T>()).unwrap();
		let origin = <T::AdminOrigin as EnsureOrigin<T::RuntimeOrigin>>::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id.clone());

		assert_eq!(DescriptorTypes::<T>::get(&id).unwrap().status, TypeStatus::Retired);
		Ok(())
	}

	#[benchmark]
	fn register_provider(t: Linear<1, { T::MaxTypesPerProvider::get() }>) {
		let offers = types_with_providers::<T>(0, t);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), offers, u32::MAX, metadata::<T>());

		assert!(ProvidersStorage::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn update_provider(
		n: Linear<1, { T::MaxTypesPerProvider::get() }>,
		o: Linear<1, { T::MaxTypesPerProvider::get() }>,
	) {
		let old = types_with_providers::<T>(0, o);
		let new = types_with_providers::<T>(1000, n);
		let caller = funded::<T>("caller", 0);
		Pallet::<T>::do_register_provider(caller.clone(), old, 1, metadata::<T>()).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), new.clone(), u32::MAX, metadata::<T>());

		assert_eq!(ProvidersStorage::<T>::get(&caller).unwrap().offers, new);
	}

	#[benchmark]
	fn pause_provider() {
		let offers = types_with_providers::<T>(0, 1);
		let caller = funded::<T>("caller", 0);
		Pallet::<T>::do_register_provider(caller.clone(), offers, 1, metadata::<T>()).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert_eq!(ProvidersStorage::<T>::get(&caller).unwrap().status, ProviderStatus::Paused);
	}

	#[benchmark]
	fn resume_provider() {
		let offers = types_with_providers::<T>(0, 1);
		let caller = funded::<T>("caller", 0);
		Pallet::<T>::do_register_provider(caller.clone(), offers, 1, metadata::<T>()).unwrap();
		Pallet::<T>::do_set_paused(caller.clone(), true).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert_eq!(ProvidersStorage::<T>::get(&caller).unwrap().status, ProviderStatus::Active);
	}

	#[benchmark]
	fn unregister_provider(t: Linear<1, { T::MaxTypesPerProvider::get() }>) {
		let offers = types_with_providers::<T>(0, t);
		let caller = funded::<T>("caller", 0);
		Pallet::<T>::do_register_provider(caller.clone(), offers, 1, metadata::<T>()).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert!(!ProvidersStorage::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn set_strategy() -> Result<(), BenchmarkError> {
		let origin = <T::AdminOrigin as EnsureOrigin<T::RuntimeOrigin>>::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, AssignmentStrategy::CapacityBased);

		assert_eq!(Strategy::<T>::get(), AssignmentStrategy::CapacityBased);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
