//! Benchmarks of the subscriptions pallet, including expiry processing.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use pallet_dinfra_providers::ProviderAssignment;
use sp_runtime::traits::{One, Saturating, Zero};

const PRICE: u32 = 1_000;
/// Blocks paid by [`deposit`].
const BLOCKS: u32 = 100;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = deposit::<T>().saturating_mul(10u32.into());
	T::Currency::set_balance(&who, T::Currency::minimum_balance().saturating_add(amount));
	who
}

fn price<T: Config>() -> BalanceOf<T> {
	PRICE.into()
}

fn deposit<T: Config>() -> BalanceOf<T> {
	price::<T>().saturating_mul(BLOCKS.into())
}

fn cid<T: Config>() -> CidOf<T> {
	alloc::vec![b'c'; T::MaxCidLen::get() as usize]
		.try_into()
		.expect("maximal; qed")
}

fn endpoint<T: Config>() -> EndpointOf<T> {
	alloc::vec![b'e'; T::MaxEndpointLen::get() as usize]
		.try_into()
		.expect("maximal; qed")
}

/// `p - 1` providers that are scanned but too expensive, then one that is picked (the last in
/// registration order). Returns the type and the provider that is picked.
fn providers<T: Config>(p: u32) -> (TypeIdOf<T>, T::AccountId) {
	for i in 0..p.saturating_sub(1) {
		let other = funded::<T>("other", i);
		T::Providers::register_for_benchmark(
			&other,
			price::<T>().saturating_mul(2u32.into()),
			u32::MAX,
		);
	}
	let provider = funded::<T>("provider", 0);
	let type_id = T::Providers::register_for_benchmark(&provider, price::<T>(), u32::MAX);
	(type_id, provider)
}

/// Fills the expiry queue of `at` with other ids, leaving `room` free places.
fn fill_queue<T: Config>(at: BlockNumberFor<T>, room: u32) {
	let ids: Vec<SubscriptionId> = (0..T::MaxExpiriesPerBlock::get().saturating_sub(room))
		.map(|i| u64::MAX - i as u64)
		.collect();
	ExpiryQueue::<T>::insert(at, BoundedVec::truncate_from(ids));
}

/// Fills the queues of `end` and all but the last block of the lookahead after it.
fn fill_lookahead<T: Config>(end: BlockNumberFor<T>) {
	let mut at = end;
	for _ in 0..SCHEDULE_LOOKAHEAD {
		fill_queue::<T>(at, 0);
		at = at.saturating_add(One::one());
	}
}

/// A subscription of a new consumer, in a full expiry queue (its own entry is the last).
fn subscription<T: Config>(index: u32, type_id: &TypeIdOf<T>) -> (T::AccountId, SubscriptionId) {
	let consumer = funded::<T>("consumer", index);
	let id = NextSubscriptionId::<T>::get();
	let end = frame_system::Pallet::<T>::block_number().saturating_add(BLOCKS.into());
	fill_queue::<T>(end, 1);
	Pallet::<T>::do_subscribe(
		consumer.clone(),
		type_id.clone(),
		cid::<T>(),
		price::<T>(),
		deposit::<T>(),
	)
	.expect("a provider is free; qed");
	(consumer, id)
}

fn advance<T: Config>(blocks: u32) {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(blocks.into()));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `p`: the providers of the type scanned by the assignment.
	#[benchmark]
	fn subscribe(p: Linear<1, { T::Providers::max_candidates() }>) {
		let (type_id, _provider) = providers::<T>(p);
		let consumer = funded::<T>("consumer", 0);
		let end = frame_system::Pallet::<T>::block_number().saturating_add(BLOCKS.into());
		fill_lookahead::<T>(end);

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), type_id, cid::<T>(), price::<T>(), deposit::<T>());

		assert!(Subscriptions::<T>::contains_key(0));
	}

	#[benchmark]
	fn top_up() {
		let (type_id, _provider) = providers::<T>(1);
		let (consumer, id) = subscription::<T>(0, &type_id);
		let new_end = Subscriptions::<T>::get(id).unwrap().end.saturating_add(BLOCKS.into());
		fill_lookahead::<T>(new_end);

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id, deposit::<T>());

		assert_eq!(Subscriptions::<T>::get(id).unwrap().deposit, deposit::<T>() + deposit::<T>());
	}

	#[benchmark]
	fn cancel() {
		let (type_id, _provider) = providers::<T>(1);
		let (consumer, id) = subscription::<T>(0, &type_id);
		advance::<T>(BLOCKS / 2);

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), id);

		assert_eq!(Subscriptions::<T>::get(id).unwrap().status, SubscriptionStatus::Cancelled);
	}

	#[benchmark]
	fn report_deployed() {
		let (type_id, provider) = providers::<T>(1);
		let (_consumer, id) = subscription::<T>(0, &type_id);

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, endpoint::<T>());

		assert_eq!(Subscriptions::<T>::get(id).unwrap().status, SubscriptionStatus::Deployed);
	}

	#[benchmark]
	fn report_failed() {
		let (type_id, provider) = providers::<T>(1);
		let (_consumer, id) = subscription::<T>(0, &type_id);

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, 6);

		assert_eq!(
			Subscriptions::<T>::get(id).unwrap().status,
			SubscriptionStatus::Failed { reason: 6 }
		);
	}

	#[benchmark]
	fn claim() {
		let (type_id, provider) = providers::<T>(1);
		let (_consumer, id) = subscription::<T>(0, &type_id);
		Pallet::<T>::do_report_deployed(provider.clone(), id, endpoint::<T>()).unwrap();
		advance::<T>(BLOCKS / 2);

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id);

		assert!(!Subscriptions::<T>::get(id).unwrap().paid.is_zero());
	}

	/// `n`: the subscriptions expiring in one block.
	#[benchmark]
	fn expire(n: Linear<0, { T::MaxExpiriesPerBlock::get() }>) {
		let (type_id, _provider) = providers::<T>(1);
		let mut ids = Vec::new();
		for i in 0..n {
			let consumer = funded::<T>("consumer", i);
			let id = NextSubscriptionId::<T>::get();
			Pallet::<T>::do_subscribe(
				consumer,
				type_id.clone(),
				cid::<T>(),
				price::<T>(),
				deposit::<T>() + 1u32.into(),
			)
			.expect("a provider is free; qed");
			ids.push(id);
		}
		let end = frame_system::Pallet::<T>::block_number().saturating_add(BLOCKS.into());
		frame_system::Pallet::<T>::set_block_number(end);

		#[block]
		{
			Pallet::<T>::do_expire(end);
		}

		for id in ids {
			assert_eq!(Subscriptions::<T>::get(id).unwrap().status, SubscriptionStatus::Expired);
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
