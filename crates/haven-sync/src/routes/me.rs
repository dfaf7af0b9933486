//! The signed-in user's profile.

use crate::clock::rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::extract::AuthUser;
use crate::model::{DeploymentRow, UserRow};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use haven_api::{DeploymentRef, LockWhenIdle, Me, TwoStep};
use haven_i18n::msg;

pub async fn me(State(state): State<AppState>, who: AuthUser) -> ApiResult<Json<Me>> {
    let user = UserRow::by_id(&state.db, &who.user_id)
        .await?
        .ok_or_else(|| ApiError::Unauthenticated(msg!("service-account-gone")))?;
    let dep = DeploymentRow::by_id(&state.db, &user.deployment_id)
        .await?
        .ok_or_else(|| ApiError::internal("user without deployment"))?;
    let policy = dep.policy();
    let timeout_s = (user.lock_timeout_s.max(0) as u32).min(policy.idle_timeout_max_s.max(1));
    Ok(Json(Me {
        id: user.id.clone(),
        email: user.email.clone(),
        name: user.name.clone(),
        role: user.role()?,
        email_verified: user.email_verified_at.is_some(),
        deployment: DeploymentRef { id: dep.id.clone(), name: dep.name.clone(), policy },
        phone: user.phone.clone().filter(|_| user.phone_verified_at.is_some()),
        two_step: TwoStep { enabled: user.two_step_method.is_some(), method: user.factor()? },
        biometric_login: user.biometric_login,
        lock_when_idle: LockWhenIdle { enabled: user.lock_enabled, timeout_s },
        time_zone: user.time_zone.clone(),
        consent: super::consent::consent_state(&state.db, &user.id).await?,
        disclaimer_accepted_at: user.disclaimer_accepted_at.map(rfc3339),
    }))
}
