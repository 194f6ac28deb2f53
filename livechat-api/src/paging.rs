//! Walking the pages of a paginated list as one stream of items.

use std::collections::VecDeque;
use std::future::Future;

use futures_core::Stream;
use futures_util::stream;

use crate::Result;

struct State<B, T> {
    builder: B,
    next_page: i64,
    /// The last page the API announced, once a page has been read.
    last_page: Option<i64>,
    buffered: VecDeque<T>,
    done: bool,
}

/// Yields every item of every page, fetching page `n + 1` only when the items of page
/// `n` have all been taken. Ends after the announced last page, on a page without items
/// (so a server that keeps announcing more pages cannot loop it forever), or after the
/// first error. Page numbers never overflow: the stream ends at page `i64::MAX`.
pub(crate) fn stream<'a, B, P, T, F, Fut>(
    builder: B,
    first_page: i64,
    fetch: F,
    split: fn(P) -> (Vec<T>, Option<i64>),
) -> impl Stream<Item = Result<T>> + 'a
where
    B: Clone + 'a,
    P: 'a,
    T: 'a,
    F: Fn(B, i64) -> Fut + 'a,
    Fut: Future<Output = Result<P>> + 'a,
{
    let state = State {
        builder,
        next_page: first_page.max(1),
        last_page: None,
        buffered: VecDeque::new(),
        done: false,
    };
    stream::unfold(state, move |mut state| {
        let fetched = (!state.done && state.buffered.is_empty())
            .then(|| fetch(state.builder.clone(), state.next_page));
        async move {
            if let Some(fetched) = fetched {
                match fetched.await {
                    Ok(page) => {
                        let (items, pages) = split(page);
                        let last = pages.unwrap_or(state.next_page);
                        state.last_page = Some(last);
                        // Page numbers come from the caller and the server: at the
                        // largest one there is no next page to ask for, only an end.
                        state.done = items.is_empty()
                            || state.next_page >= last
                            || state.next_page == i64::MAX;
                        state.next_page = state.next_page.saturating_add(1);
                        state.buffered.extend(items);
                    }
                    Err(error) => {
                        state.done = true;
                        return Some((Err(error), state));
                    }
                }
            }
            let item = state.buffered.pop_front()?;
            Some((Ok(item), state))
        }
    })
}
