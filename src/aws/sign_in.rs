//! The calls of `test-sign-in`: the client's sign-in settings and one
//! sign-in step (InitiateAuth / RespondToAuthChallenge, or their Admin
//! forms). Tokens and the client secret pass through in memory only.

use aws_sdk_cognitoidentityprovider as cip;

use super::errors;
use crate::api::{ApiResult, AuthAnswer, AuthStep, ClientSignIn};

pub async fn client_sign_in(
    client: cip::Client,
    pool_id: String,
    client_id: String,
) -> ApiResult<ClientSignIn> {
    let described = client
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .map_err(|e| {
            let named = [("client", client_id.as_str()), ("pool", pool_id.as_str())];
            errors::from_sdk(e).in_call("DescribeUserPoolClient", &named)
        })?;
    let c = described.user_pool_client();
    Ok(ClientSignIn {
        explicit_auth_flows: c
            .map(|c| c.explicit_auth_flows())
            .unwrap_or_default()
            .iter()
            .map(|f| f.as_str().to_owned())
            .collect(),
        secret: c.and_then(|c| c.client_secret()).map(str::to_owned),
    })
}

pub async fn authenticate(client: cip::Client, step: AuthStep) -> ApiResult<AuthAnswer> {
    let name = step.flow_or_challenge.as_str();
    let parameters = Some(step.parameters.clone());
    // Each call's answer has the same three parts.
    let operation = match (step.admin, step.is_answer()) {
        (false, false) => "InitiateAuth",
        (true, false) => "AdminInitiateAuth",
        (false, true) => "RespondToAuthChallenge",
        (true, true) => "AdminRespondToAuthChallenge",
    };
    let named = [
        ("client", step.client_id.as_str()),
        ("pool", step.user_pool_id.as_str()),
    ];
    macro_rules! answer_of {
        ($call:expr) => {{
            let out = $call
                .send()
                .await
                .map_err(|e| errors::from_sdk(e).in_call(operation, &named))?;
            parts(
                out.authentication_result(),
                out.challenge_name(),
                out.session(),
            )
        }};
    }
    let (result, challenge, session) = match (step.admin, step.is_answer()) {
        (false, false) => answer_of!(client
            .initiate_auth()
            .client_id(&step.client_id)
            .auth_flow(name.into())
            .set_auth_parameters(parameters)),
        (true, false) => answer_of!(client
            .admin_initiate_auth()
            .user_pool_id(&step.user_pool_id)
            .client_id(&step.client_id)
            .auth_flow(name.into())
            .set_auth_parameters(parameters)),
        (false, true) => answer_of!(client
            .respond_to_auth_challenge()
            .client_id(&step.client_id)
            .challenge_name(name.into())
            .set_session(step.session.clone())
            .set_challenge_responses(parameters)),
        (true, true) => answer_of!(client
            .admin_respond_to_auth_challenge()
            .user_pool_id(&step.user_pool_id)
            .client_id(&step.client_id)
            .challenge_name(name.into())
            .set_session(step.session.clone())
            .set_challenge_responses(parameters)),
    };
    Ok(match (result, challenge) {
        (Some(tokens), _) => AuthAnswer::Tokens(tokens),
        (None, Some(name)) => AuthAnswer::Challenge { name, session },
        (None, None) => AuthAnswer::Tokens(Vec::new()),
    })
}

type Parts = (
    Option<Vec<(String, String)>>,
    Option<String>,
    Option<String>,
);

fn parts(
    result: Option<&cip::types::AuthenticationResultType>,
    challenge: Option<&cip::types::ChallengeNameType>,
    session: Option<&str>,
) -> Parts {
    let tokens = result.map(|r| {
        [
            ("AccessToken", r.access_token()),
            ("IdToken", r.id_token()),
            ("RefreshToken", r.refresh_token()),
        ]
        .into_iter()
        .filter_map(|(name, token)| token.map(|t| (name.to_owned(), t.to_owned())))
        .collect()
    });
    (
        tokens,
        challenge.map(|c| c.as_str().to_owned()),
        session.map(str::to_owned),
    )
}
