//! Per-block billing, settlement, refunds and the expiry queue.

use crate::{pallet::*, types::*, WeightInfo};
use frame_support::{
	defensive,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_dinfra_providers::ProviderAssignment;
use sp_runtime::traits::{CheckedAdd, CheckedMul, CheckedSub, Zero};

impl<T: Config> Pallet<T> {
	/// `blocks` as a balance.
	pub(crate) fn blocks_to_balance(blocks: BlockNumberFor<T>) -> Result<BalanceOf<T>, Error<T>> {
		let blocks: u128 = blocks.try_into().map_err(|_| Error::<T>::Overflow)?;
		BalanceOf::<T>::try_from(blocks).map_err(|_| Error::<T>::Overflow)
	}

	/// The end block of a subscription that started at `start` with `deposit` at `price`:
	/// `start + deposit / price`. Fails if that is not a single block.
	pub(crate) fn end_block(
		start: BlockNumberFor<T>,
		deposit: BalanceOf<T>,
		price: BalanceOf<T>,
	) -> Result<BlockNumberFor<T>, Error<T>> {
		ensure!(!price.is_zero(), Error::<T>::DepositTooLow);
		let blocks: u128 = (deposit / price).try_into().map_err(|_| Error::<T>::Overflow)?;
		ensure!(blocks > 0, Error::<T>::DepositTooLow);
		let blocks = BlockNumberFor::<T>::try_from(blocks).map_err(|_| Error::<T>::Overflow)?;
		start.checked_add(&blocks).ok_or(Error::<T>::Overflow)
	}

	/// What the provider is owed for the blocks from `paid_until` to `min(now, end)`, and the
	/// block it is then paid up to.
	pub(crate) fn owed(
		subscription: &SubscriptionOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<(BalanceOf<T>, BlockNumberFor<T>), Error<T>> {
		let until = now.min(subscription.end).max(subscription.paid_until);
		let blocks = until.checked_sub(&subscription.paid_until).ok_or(Error::<T>::Overflow)?;
		let amount = subscription
			.price_per_block
			.checked_mul(&Self::blocks_to_balance(blocks)?)
			.ok_or(Error::<T>::Overflow)?;
		Ok((amount, until))
	}

	/// Pays the provider what it is owed at `now` from the consumer's held deposit.
	/// Returns the amount paid.
	pub(crate) fn settle(
		id: SubscriptionId,
		subscription: &mut SubscriptionOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let (amount, until) = Self::owed(subscription, now)?;
		subscription.paid_until = until;
		if amount.is_zero() {
			return Ok(amount);
		}
		let paid = subscription.paid.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		ensure!(paid <= subscription.deposit, Error::<T>::Overflow);
		T::Currency::transfer_on_hold(
			&HoldReason::SubscriptionDeposit.into(),
			&subscription.consumer,
			&subscription.provider,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		subscription.paid = paid;
		Self::deposit_event(Event::Settled {
			id,
			provider: subscription.provider.clone(),
			amount,
			paid_until: until,
		});
		Ok(amount)
	}

	/// Releases the unpaid rest of the deposit to the consumer and records it as refunded.
	pub(crate) fn refund_rest(subscription: &mut SubscriptionOf<T>) -> DispatchResult {
		let rest = subscription
			.deposit
			.checked_sub(&subscription.paid)
			.ok_or(Error::<T>::Overflow)?;
		if !rest.is_zero() {
			T::Currency::release(
				&HoldReason::SubscriptionDeposit.into(),
				&subscription.consumer,
				rest,
				Precision::Exact,
			)?;
		}
		subscription.refunded = rest;
		Ok(())
	}

	/// Ends a live subscription with `status`: frees the provider's capacity and removes it
	/// from the indexes and (unless `dequeued`) from its expiry queue.
	pub(crate) fn finish(
		id: SubscriptionId,
		subscription: &mut SubscriptionOf<T>,
		status: SubscriptionStatus,
		dequeued: bool,
	) {
		subscription.status = status;
		T::Providers::release(&subscription.provider);
		SubscriptionsByProvider::<T>::remove(&subscription.provider, id);
		SubscriptionsByConsumer::<T>::remove(&subscription.consumer, id);
		if !dequeued {
			Self::unschedule(id, subscription.expires_at);
		}
	}

	/// Queues `id` for expiry at `end`, or at the first of the next [`SCHEDULE_LOOKAHEAD`]
	/// blocks whose queue has room. Returns the block used.
	pub(crate) fn schedule(
		id: SubscriptionId,
		end: BlockNumberFor<T>,
	) -> Result<BlockNumberFor<T>, Error<T>> {
		let mut at = end;
		for _ in 0..=SCHEDULE_LOOKAHEAD {
			if ExpiryQueue::<T>::try_mutate(at, |queue| queue.try_push(id)).is_ok() {
				return Ok(at);
			}
			at = at.checked_add(&1u32.into()).ok_or(Error::<T>::Overflow)?;
		}
		Err(Error::<T>::ExpiryQueueFull)
	}

	/// Removes `id` from the expiry queue of block `at`.
	pub(crate) fn unschedule(id: SubscriptionId, at: BlockNumberFor<T>) {
		ExpiryQueue::<T>::mutate_exists(at, |maybe_queue| {
			if let Some(queue) = maybe_queue {
				queue.retain(|queued| *queued != id);
				if queue.is_empty() {
					*maybe_queue = None;
				}
			}
		});
	}

	/// Expires the subscriptions queued for `now`. Returns the weight used.
	pub(crate) fn do_expire(now: BlockNumberFor<T>) -> Weight {
		let queue = ExpiryQueue::<T>::take(now);
		let count = queue.len() as u32;
		for id in queue {
			if let Err(error) = Self::expire_one(id, now) {
				defensive!("expiry of a subscription failed", (id, error));
			}
		}
		T::WeightInfo::expire(count)
	}

	fn expire_one(id: SubscriptionId, now: BlockNumberFor<T>) -> DispatchResult {
		let Some(mut subscription) = Subscriptions::<T>::get(id) else { return Ok(()) };
		if !subscription.status.is_live() {
			return Ok(());
		}
		let until = now.max(subscription.end);
		Self::settle(id, &mut subscription, until)?;
		Self::refund_rest(&mut subscription)?;
		Self::finish(id, &mut subscription, SubscriptionStatus::Expired, true);
		let (paid, refunded) = (subscription.paid, subscription.refunded);
		Subscriptions::<T>::insert(id, subscription);
		Self::deposit_event(Event::Expired { id, paid, refunded });
		Ok(())
	}
}
