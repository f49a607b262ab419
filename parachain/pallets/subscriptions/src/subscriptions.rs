//! The subscription lifecycle: subscribe, top up, cancel, reports and claims.

use crate::{pallet::*, types::*};
use frame_support::{pallet_prelude::*, traits::fungible::MutateHold};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_dinfra_providers::ProviderAssignment;
use sp_runtime::traits::{CheckedAdd, Zero};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_subscribe(
		consumer: T::AccountId,
		type_id: TypeIdOf<T>,
		descriptor_cid: CidOf<T>,
		max_price_per_block: BalanceOf<T>,
		deposit: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Providers::is_type_active(&type_id), Error::<T>::UnknownType);
		let (provider, price_per_block) = T::Providers::assign(&type_id, max_price_per_block)
			.ok_or(Error::<T>::NoProviderAvailable)?;
		let now = frame_system::Pallet::<T>::block_number();
		let end = Self::end_block(now, deposit, price_per_block)?;
		T::Currency::hold(&HoldReason::SubscriptionDeposit.into(), &consumer, deposit)?;

		let id = NextSubscriptionId::<T>::get();
		NextSubscriptionId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let expires_at = Self::schedule(id, end)?;
		Subscriptions::<T>::insert(
			id,
			Subscription {
				consumer: consumer.clone(),
				provider: provider.clone(),
				type_id: type_id.clone(),
				descriptor_cid: descriptor_cid.clone(),
				price_per_block,
				deposit,
				paid: Zero::zero(),
				refunded: Zero::zero(),
				start: now,
				paid_until: now,
				end,
				expires_at,
				status: SubscriptionStatus::Assigned,
				endpoint: Default::default(),
			},
		);
		SubscriptionsByProvider::<T>::insert(&provider, id, ());
		SubscriptionsByConsumer::<T>::insert(&consumer, id, ());
		Self::deposit_event(Event::SubscriptionCreated {
			id,
			consumer,
			provider,
			type_id,
			descriptor_cid,
			price_per_block,
			deposit,
			end,
		});
		Ok(())
	}

	pub(crate) fn do_top_up(
		consumer: T::AccountId,
		id: SubscriptionId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut subscription = Self::live_subscription(id)?;
		ensure!(subscription.consumer == consumer, Error::<T>::NotConsumer);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < subscription.end, Error::<T>::DepositUsedUp);

		let deposit = subscription.deposit.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		let end = Self::end_block(subscription.start, deposit, subscription.price_per_block)?;
		T::Currency::hold(&HoldReason::SubscriptionDeposit.into(), &consumer, amount)?;
		if end != subscription.end {
			Self::unschedule(id, subscription.expires_at);
			subscription.expires_at = Self::schedule(id, end)?;
		}
		subscription.deposit = deposit;
		subscription.end = end;
		Subscriptions::<T>::insert(id, subscription);
		Self::deposit_event(Event::ToppedUp { id, amount, deposit, end });
		Ok(())
	}

	pub(crate) fn do_cancel(consumer: T::AccountId, id: SubscriptionId) -> DispatchResult {
		let mut subscription = Self::live_subscription(id)?;
		ensure!(subscription.consumer == consumer, Error::<T>::NotConsumer);
		let now = frame_system::Pallet::<T>::block_number();
		Self::settle(id, &mut subscription, now)?;
		Self::refund_rest(&mut subscription)?;
		Self::finish(id, &mut subscription, SubscriptionStatus::Cancelled, false);
		let (paid, refunded) = (subscription.paid, subscription.refunded);
		Subscriptions::<T>::insert(id, subscription);
		Self::deposit_event(Event::Cancelled { id, paid, refunded });
		Ok(())
	}

	pub(crate) fn do_report_deployed(
		provider: T::AccountId,
		id: SubscriptionId,
		endpoint: EndpointOf<T>,
	) -> DispatchResult {
		let mut subscription = Self::awaiting_report(&provider, id)?;
		subscription.status = SubscriptionStatus::Deployed;
		subscription.endpoint = endpoint.clone();
		Subscriptions::<T>::insert(id, subscription);
		Self::deposit_event(Event::Deployed { id, provider, endpoint });
		Ok(())
	}

	pub(crate) fn do_report_failed(
		provider: T::AccountId,
		id: SubscriptionId,
		reason: FailureReason,
	) -> DispatchResult {
		let mut subscription = Self::awaiting_report(&provider, id)?;
		// Nothing is paid before `Deployed`: the refund is the whole deposit.
		Self::refund_rest(&mut subscription)?;
		Self::finish(id, &mut subscription, SubscriptionStatus::Failed { reason }, false);
		let refunded = subscription.refunded;
		Subscriptions::<T>::insert(id, subscription);
		Self::deposit_event(Event::DeploymentFailed { id, provider, reason, refunded });
		Ok(())
	}

	pub(crate) fn do_claim(provider: T::AccountId, id: SubscriptionId) -> DispatchResult {
		let mut subscription = Self::live_subscription(id)?;
		ensure!(subscription.provider == provider, Error::<T>::NotProvider);
		ensure!(subscription.status == SubscriptionStatus::Deployed, Error::<T>::NotDeployed);
		let now = frame_system::Pallet::<T>::block_number();
		let amount = Self::settle(id, &mut subscription, now)?;
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		Subscriptions::<T>::insert(id, subscription);
		Ok(())
	}

	fn live_subscription(id: SubscriptionId) -> Result<SubscriptionOf<T>, DispatchError> {
		let subscription = Subscriptions::<T>::get(id).ok_or(Error::<T>::UnknownSubscription)?;
		ensure!(subscription.status.is_live(), Error::<T>::NotLive);
		Ok(subscription)
	}

	/// The live subscription `id` of `provider` on which it has not reported yet and whose
	/// deposit is not used up.
	fn awaiting_report(
		provider: &T::AccountId,
		id: SubscriptionId,
	) -> Result<SubscriptionOf<T>, DispatchError> {
		let subscription = Self::live_subscription(id)?;
		ensure!(&subscription.provider == provider, Error::<T>::NotProvider);
		ensure!(subscription.status == SubscriptionStatus::Assigned, Error::<T>::AlreadyReported);
		let now: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();
		ensure!(now < subscription.end, Error::<T>::DepositUsedUp);
		Ok(subscription)
	}
}
