//! Descriptor types and provider registration.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_type(
		owner: T::AccountId,
		type_id: TypeIdOf<T>,
		schema_cid: CidOf<T>,
	) -> DispatchResult {
		ensure!(!type_id.is_empty(), Error::<T>::EmptyTypeId);
		ensure!(!DescriptorTypes::<T>::contains_key(&type_id), Error::<T>::TypeAlreadyExists);
		let deposit = T::TypeDeposit::get();
		T::Currency::hold(&HoldReason::TypeDeposit.into(), &owner, deposit)?;
		DescriptorTypes::<T>::insert(
			&type_id,
			DescriptorType {
				owner: owner.clone(),
				schema_cid: schema_cid.clone(),
				deposit,
				status: TypeStatus::Active,
			},
		);
		Self::deposit_event(Event::TypeRegistered { type_id, owner, schema_cid, deposit });
		Ok(())
	}

	pub(crate) fn do_retire_type(type_id: TypeIdOf<T>) -> DispatchResult {
		DescriptorTypes::<T>::try_mutate(&type_id, |maybe_type| -> DispatchResult {
			let descriptor_type = maybe_type.as_mut().ok_or(Error::<T>::UnknownType)?;
			ensure!(descriptor_type.status == TypeStatus::Active, Error::<T>::TypeRetired);
			T::Currency::release(
				&HoldReason::TypeDeposit.into(),
				&descriptor_type.owner,
				descriptor_type.deposit,
				Precision::BestEffort,
			)?;
			descriptor_type.status = TypeStatus::Retired;
			descriptor_type.deposit = Zero::zero();
			Ok(())
		})?;
		Self::deposit_event(Event::TypeRetired { type_id });
		Ok(())
	}

	pub(crate) fn do_register_provider(
		who: T::AccountId,
		offers: OffersOf<T>,
		capacity: u32,
		metadata: ProviderMetadataOf<T>,
	) -> DispatchResult {
		ensure!(!Providers::<T>::contains_key(&who), Error::<T>::AlreadyRegistered);
		Self::ensure_valid_offers(&offers, &[], capacity)?;
		for offer in offers.iter() {
			Self::add_to_type(&offer.type_id, &who)?;
		}
		let deposit = T::ProviderDeposit::get();
		T::Currency::hold(&HoldReason::ProviderDeposit.into(), &who, deposit)?;
		Providers::<T>::insert(
			&who,
			Provider {
				status: ProviderStatus::Active,
				offers: offers.clone(),
				capacity,
				assigned: 0,
				metadata,
				deposit,
			},
		);
		Self::deposit_event(Event::ProviderRegistered { provider: who, offers, capacity });
		Ok(())
	}

	pub(crate) fn do_update_provider(
		who: T::AccountId,
		offers: OffersOf<T>,
		capacity: u32,
		metadata: ProviderMetadataOf<T>,
	) -> DispatchResult {
		let mut provider = Providers::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
		Self::ensure_valid_offers(&offers, &provider.offers, capacity)?;
		for old in provider.offers.iter() {
			if !offers.iter().any(|o| o.type_id == old.type_id) {
				Self::remove_from_type(&old.type_id, &who);
			}
		}
		for new in offers.iter() {
			if !provider.offers.iter().any(|o| o.type_id == new.type_id) {
				Self::add_to_type(&new.type_id, &who)?;
			}
		}
		provider.offers = offers.clone();
		provider.capacity = capacity;
		provider.metadata = metadata;
		Providers::<T>::insert(&who, provider);
		Self::deposit_event(Event::ProviderUpdated { provider: who, offers, capacity });
		Ok(())
	}

	pub(crate) fn do_set_paused(who: T::AccountId, pause: bool) -> DispatchResult {
		Providers::<T>::try_mutate(&who, |maybe_provider| -> DispatchResult {
			let provider = maybe_provider.as_mut().ok_or(Error::<T>::NotRegistered)?;
			match (pause, provider.status) {
				(true, ProviderStatus::Paused) => Err(Error::<T>::AlreadyPaused.into()),
				(false, ProviderStatus::Active) => Err(Error::<T>::NotPaused.into()),
				(true, ProviderStatus::Active) => {
					provider.status = ProviderStatus::Paused;
					Ok(())
				},
				(false, ProviderStatus::Paused) => {
					provider.status = ProviderStatus::Active;
					Ok(())
				},
			}
		})?;
		Self::deposit_event(if pause {
			Event::ProviderPaused { provider: who }
		} else {
			Event::ProviderResumed { provider: who }
		});
		Ok(())
	}

	pub(crate) fn do_unregister_provider(who: T::AccountId) -> DispatchResult {
		let provider = Providers::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
		ensure!(provider.assigned == 0, Error::<T>::HasAssignments);
		for offer in provider.offers.iter() {
			Self::remove_from_type(&offer.type_id, &who);
		}
		T::Currency::release(
			&HoldReason::ProviderDeposit.into(),
			&who,
			provider.deposit,
			Precision::BestEffort,
		)?;
		Providers::<T>::remove(&who);
		Self::deposit_event(Event::ProviderUnregistered { provider: who });
		Ok(())
	}

	/// Checks `offers` of a provider whose previous offers were `previous`: at least one, no
	/// duplicates, no zero price, every type registered and, unless offered before, active.
	fn ensure_valid_offers(
		offers: &OffersOf<T>,
		previous: &[Offer<TypeIdOf<T>, BalanceOf<T>>],
		capacity: u32,
	) -> DispatchResult {
		ensure!(!offers.is_empty(), Error::<T>::NoOffers);
		ensure!(capacity > 0, Error::<T>::ZeroCapacity);
		let mut seen: Vec<&TypeIdOf<T>> = Vec::with_capacity(offers.len());
		for offer in offers.iter() {
			ensure!(!seen.contains(&&offer.type_id), Error::<T>::DuplicateOffer);
			seen.push(&offer.type_id);
			ensure!(!offer.price_per_block.is_zero(), Error::<T>::ZeroPrice);
			let descriptor_type =
				DescriptorTypes::<T>::get(&offer.type_id).ok_or(Error::<T>::UnknownType)?;
			let offered_before = previous.iter().any(|o| o.type_id == offer.type_id);
			ensure!(
				offered_before || descriptor_type.status == TypeStatus::Active,
				Error::<T>::TypeRetired
			);
		}
		Ok(())
	}

	fn add_to_type(type_id: &TypeIdOf<T>, who: &T::AccountId) -> DispatchResult {
		TypeProviders::<T>::try_mutate(type_id, |providers| {
			providers.try_push(who.clone()).map_err(|_| Error::<T>::TooManyProviders.into())
		})
	}

	fn remove_from_type(type_id: &TypeIdOf<T>, who: &T::AccountId) {
		TypeProviders::<T>::mutate_exists(type_id, |maybe_providers| {
			if let Some(providers) = maybe_providers {
				providers.retain(|p| p != who);
				if providers.is_empty() {
					*maybe_providers = None;
				}
			}
		});
	}
}
