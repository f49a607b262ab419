//! Assignment strategies and the [`ProviderAssignment`] implementation.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::{
	pallet_prelude::DispatchResult,
	traits::{Get, Randomness},
};

/// A provider that may take a deployment: its position in [`TypeProviders`], its account and
/// its free capacity and price.
struct Candidate<AccountId, Balance> {
	position: u32,
	account: AccountId,
	free_capacity: u32,
	price: Balance,
}

impl<T: Config> Pallet<T> {
	/// The active providers of `type_id` with free capacity that ask at most `max_price`, in
	/// registration order. Reads at most `MaxProvidersPerType` providers.
	fn candidates(
		type_id: &TypeIdOf<T>,
		max_price: BalanceOf<T>,
	) -> Vec<Candidate<T::AccountId, BalanceOf<T>>> {
		TypeProviders::<T>::get(type_id)
			.into_iter()
			.enumerate()
			.filter_map(|(position, account)| {
				let provider = Providers::<T>::get(&account)?;
				if provider.status != ProviderStatus::Active || provider.free_capacity() == 0 {
					return None;
				}
				let price = provider
					.offers
					.iter()
					.find(|offer| &offer.type_id == type_id)
					.map(|offer| offer.price_per_block)?;
				(price <= max_price).then(|| Candidate {
					position: position as u32,
					account,
					free_capacity: provider.free_capacity(),
					price,
				})
			})
			.collect()
	}

	/// Picks one of `candidates` (not empty) with `strategy`; `cursor` is the number of
	/// assignments made so far for the type.
	fn pick(
		strategy: AssignmentStrategy,
		type_id: &TypeIdOf<T>,
		cursor: u32,
		candidates: &[Candidate<T::AccountId, BalanceOf<T>>],
		providers_of_type: u32,
	) -> usize {
		match strategy {
			AssignmentStrategy::RoundRobin => {
				let next = cursor % providers_of_type.max(1);
				candidates.iter().position(|c| c.position >= next).unwrap_or(0)
			},
			AssignmentStrategy::Random => {
				let subject = (b"dinfra/assign", type_id, cursor).encode();
				let (seed, _) = T::Randomness::random(&subject);
				let seed = seed.encode();
				let random = u32::decode(&mut &seed[..]).unwrap_or_default();
				(random % candidates.len() as u32) as usize
			},
			AssignmentStrategy::CapacityBased => {
				candidates
					.iter()
					.enumerate()
					.fold((0usize, 0u32), |(best, best_free), (i, c)| {
						if c.free_capacity > best_free {
							(i, c.free_capacity)
						} else {
							(best, best_free)
						}
					})
					.0
			},
		}
	}

	/// See [`ProviderAssignment::assign`].
	pub fn do_assign(
		type_id: &TypeIdOf<T>,
		max_price: BalanceOf<T>,
	) -> Option<(T::AccountId, BalanceOf<T>)> {
		let descriptor_type = DescriptorTypes::<T>::get(type_id)?;
		if descriptor_type.status != TypeStatus::Active {
			return None;
		}
		let candidates = Self::candidates(type_id, max_price);
		if candidates.is_empty() {
			return None;
		}
		let providers_of_type = TypeProviders::<T>::decode_len(type_id).unwrap_or(0) as u32;
		let cursor = AssignmentCursor::<T>::get(type_id);
		let chosen = &candidates
			[Self::pick(Strategy::<T>::get(), type_id, cursor, &candidates, providers_of_type)];
		// The round-robin cursor continues after the chosen provider.
		let next_cursor = match Strategy::<T>::get() {
			AssignmentStrategy::RoundRobin => chosen.position.saturating_add(1),
			_ => cursor.wrapping_add(1),
		};
		AssignmentCursor::<T>::insert(type_id, next_cursor);
		Providers::<T>::mutate(&chosen.account, |maybe_provider| {
			if let Some(provider) = maybe_provider {
				provider.assigned = provider.assigned.saturating_add(1);
			}
		});
		Some((chosen.account.clone(), chosen.price))
	}

	pub(crate) fn do_set_strategy(strategy: AssignmentStrategy) -> DispatchResult {
		Strategy::<T>::put(strategy);
		Self::deposit_event(Event::StrategySet { strategy });
		Ok(())
	}

	/// See [`ProviderAssignment::release`].
	pub fn do_release(provider: &T::AccountId) {
		Providers::<T>::mutate(provider, |maybe_provider| {
			if let Some(provider) = maybe_provider {
				provider.assigned = provider.assigned.saturating_sub(1);
			}
		});
	}
}

impl<T: Config> ProviderAssignment<T::AccountId, BalanceOf<T>> for Pallet<T> {
	type TypeId = TypeIdOf<T>;

	fn is_type_active(type_id: &Self::TypeId) -> bool {
		DescriptorTypes::<T>::get(type_id).is_some_and(|t| t.status == TypeStatus::Active)
	}

	fn assign(
		type_id: &Self::TypeId,
		max_price: BalanceOf<T>,
	) -> Option<(T::AccountId, BalanceOf<T>)> {
		Self::do_assign(type_id, max_price)
	}

	fn release(provider: &T::AccountId) {
		Self::do_release(provider)
	}

	fn max_candidates() -> u32 {
		T::MaxProvidersPerType::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(
		provider: &T::AccountId,
		price: BalanceOf<T>,
		capacity: u32,
	) -> Self::TypeId {
		use sp_runtime::traits::Zero;
		let type_id: TypeIdOf<T> = alloc::vec![b't'; T::MaxTypeIdLen::get() as usize]
			.try_into()
			.expect("maximal length; qed");
		if !DescriptorTypes::<T>::contains_key(&type_id) {
			DescriptorTypes::<T>::insert(
				&type_id,
				DescriptorType {
					owner: provider.clone(),
					schema_cid: Default::default(),
					deposit: Zero::zero(),
					status: TypeStatus::Active,
				},
			);
		}
		let offers: OffersOf<T> =
			alloc::vec![Offer { type_id: type_id.clone(), price_per_block: price }]
				.try_into()
				.expect("one offer fits; qed");
		if !Providers::<T>::contains_key(provider) {
			TypeProviders::<T>::mutate(&type_id, |providers| {
				let _ = providers.try_push(provider.clone());
			});
		}
		Providers::<T>::insert(
			provider,
			Provider {
				status: ProviderStatus::Active,
				offers,
				capacity,
				assigned: 0,
				metadata: Default::default(),
				deposit: Zero::zero(),
			},
		);
		type_id
	}
}
