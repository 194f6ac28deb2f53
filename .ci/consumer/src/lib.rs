//! A crate outside the livechat-rs workspace that uses the packaged crates the way a user
//! would; `.ci/package-check` builds it against the `.crate` files, never the repository.

use livechat_api::Client;

/// How many agents the licence has, through the published API.
pub async fn agent_count(client: &Client) -> livechat_api::Result<usize> {
    Ok(client.agents().list().send().await?.len())
}
