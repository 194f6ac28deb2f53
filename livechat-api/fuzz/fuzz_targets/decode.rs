//! Feeds arbitrary bytes to every decoder a response or a webhook goes through: the
//! first byte picks the typed answer, the rest is the body. A decode may fail, but must
//! not panic, abort or hang; what decodes must serialize again, and errors must format.

#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use livechat_api::models::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Decodes the way the client does: serde_json from the bytes, through
/// serde_path_to_error for the path of a mismatch, then re-serializes what decoded.
fn decode<T: DeserializeOwned + Serialize>(body: &[u8]) {
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(deserializer) {
        Ok(value) => {
            let _ = serde_json::to_vec(&value);
        }
        Err(error) => {
            let _ = error.path().to_string();
            let _ = error.into_inner().to_string();
        }
    }
}

/// Report rows, keyed by period as the client reads them.
type Rows<T> = BTreeMap<livechat_api::Period, T>;

const DECODERS: &[fn(&[u8])] = &[
    decode::<Agent>,
    decode::<Vec<Agent>>,
    decode::<CannedResponse>,
    decode::<Vec<CannedResponse>>,
    decode::<Chat>,
    decode::<ChatList>,
    decode::<ChatTranscriptResult>,
    decode::<Goal>,
    decode::<Vec<Goal>>,
    decode::<GoalMarkResult>,
    decode::<Greeting>,
    decode::<Vec<Greeting>>,
    decode::<Group>,
    decode::<Vec<Group>>,
    decode::<LiveChatStatus>,
    decode::<OkResult>,
    decode::<RemoveResult>,
    decode::<ReportRanking>,
    decode::<Tag>,
    decode::<Vec<Tag>>,
    decode::<Ticket>,
    decode::<TicketList>,
    decode::<Vec<Visitor>>,
    decode::<VisitorChatSession>,
    decode::<VisitorChatSuccess>,
    decode::<VisitorChatPendingMessages>,
    decode::<VisitorDetailsResult>,
    decode::<WebhookList>,
    decode::<Rows<i64>>,
    decode::<Rows<ReportAvailabilityRow>>,
    decode::<Rows<ReportChatRatingsRow>>,
    decode::<Rows<ReportChatsResponseTimeRow>>,
    decode::<Rows<ReportChattingTimeRow>>,
    decode::<Rows<ReportEngagementRow>>,
    decode::<Rows<ReportGoalsRow>>,
    decode::<Rows<ReportGreetingsRow>>,
    decode::<Rows<ReportNewTicketsRow>>,
    decode::<Rows<ReportQueueWaitingTimesRow>>,
    decode::<Rows<ReportQueuedVisitorsRow>>,
    decode::<Rows<ReportSolvedTicketsRow>>,
    decode::<Rows<ReportTicketRatingsRow>>,
    decode::<Rows<ReportTicketSourcesRow>>,
    decode::<Rows<ReportTotalChatsRow>>,
    decode::<Rows<Rows<ReportChatsFirstResponseTimeRow>>>,
    decode::<Rows<Rows<ReportTicketsFirstResponseTimeRow>>>,
    decode::<Rows<Rows<ReportTicketsResolutionTimeRow>>>,
    webhook,
];

/// A webhook body through the library's own entry point.
fn webhook(body: &[u8]) {
    match livechat_api::webhook::parse(body) {
        Ok(event) => {
            let _ = event.event_type();
            let _ = format!("{event:?}");
            let _ = serde_json::to_vec(&event);
        }
        Err(error) => {
            let _ = error.to_string();
            let _ = format!("{error:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    DECODERS[usize::from(pick) % DECODERS.len()](body);
});
