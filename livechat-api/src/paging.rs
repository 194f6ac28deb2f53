//! Walking a paginated list: [`Pages`] yields whole pages, [`Items`] the items of every
//! page in order.
//!
//! Both are named, `Unpin` types, so callers use their inherent `next()`, `try_next()` and
//! `try_collect()` without `Box::pin` or an extension trait, and still get a
//! [`Stream`] for combinators when they want one.

use std::collections::VecDeque;
use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream;

use crate::Result;

type BoxedStream<'a, T> = Pin<Box<dyn Stream<Item = Result<T>> + Send + 'a>>;

/// Where the page walk stands between two fetches.
struct Walk<B> {
    builder: B,
    next_page: i64,
    done: bool,
    /// Why the walk cannot start, given as its only item.
    refused: Option<crate::Error>,
}

/// The pages of a paginated list, one request each, fetched lazily from the page the
/// builder names (or 1).
///
/// A page is requested only when the previous one has been taken. The walk ends after the
/// last page the API announces in `pages`, after a page without items (so a server that
/// keeps announcing more pages cannot keep it going forever), after the first error, or at
/// page `i64::MAX`, since page numbers never wrap around.
///
/// Returned by the `.pages()` method of paginated builders; use it to read a page's
/// totals before, or instead of, walking the items.
///
/// ```
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let fake = livechat_fake::FakeLiveChat::start().await?;
/// # let client = fake.client();
/// let mut pages = client.chats().list().pages();
/// let mut sizes = Vec::new();
/// while let Some(page) = pages.try_next().await? {
///     sizes.push(page.chats.len());
/// }
/// // Full pages of 25, then what is left.
/// assert!(sizes.len() > 1);
/// assert!(sizes[..sizes.len() - 1].iter().all(|&size| size == 25));
///
/// // The same walk, from the third page on, collected at once.
/// let rest = client.chats().list().page(3).pages().try_collect().await?;
/// assert_eq!(rest.len(), sizes.len() - 2);
/// # Ok(())
/// # }
/// ```
#[must_use = "a page stream fetches nothing until it is polled"]
pub struct Pages<'a, P> {
    inner: BoxedStream<'a, P>,
}

/// Every item of every page of a paginated list, in the order the API lists them.
///
/// It fetches page `n + 1` only once the items of page `n` have all been taken, and stops
/// by the same rules as [`Pages`]: after the announced last page, after an empty page,
/// after the first error (which it yields), or at page `i64::MAX`.
///
/// Returned by the `.stream()` method of paginated builders.
///
/// ```
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let fake = livechat_fake::FakeLiveChat::start().await?;
/// # let client = fake.client();
/// let mut chats = client.chats().list().stream();
/// let mut count = 0;
/// while let Some(_chat) = chats.try_next().await? {
///     count += 1;
/// }
/// // A finished walk stays finished.
/// assert!(chats.next().await.is_none());
///
/// // Or all at once:
/// let all = client.chats().list().stream().try_collect().await?;
/// assert_eq!(all.len(), count);
/// # Ok(())
/// # }
/// ```
#[must_use = "an item stream fetches nothing until it is polled"]
pub struct Items<'a, T> {
    pages: BoxedStream<'a, Vec<T>>,
    buffered: VecDeque<T>,
}

// Neither type is ever pinned in place: the page stream sits in its own box and the
// buffer is only moved out of, never borrowed across an await. So they are `Unpin`
// whatever the item type is.
impl<P> Unpin for Pages<'_, P> {}
impl<T> Unpin for Items<'_, T> {}

impl<'a, P: Send + 'a> Pages<'a, P> {
    /// Walks pages starting at `first_page` (at least 1): `fetch` requests one page,
    /// `shape` reads whether it has items and the last page number it announces. A first
    /// page the caller gave out of range is the stream's one item, an error.
    pub(crate) fn new<B, F, Fut>(
        builder: B,
        first_page: Result<i64>,
        fetch: F,
        shape: fn(&P) -> (bool, i64),
    ) -> Self
    where
        B: Clone + Send + 'a,
        F: Fn(B, i64) -> Fut + Send + 'a,
        Fut: Future<Output = Result<P>> + Send + 'a,
    {
        let (next_page, refused) = match first_page {
            Ok(page) => (page.max(1), None),
            Err(error) => (1, Some(error)),
        };
        let walk = Walk {
            builder,
            next_page,
            done: false,
            refused,
        };
        use futures_util::StreamExt;
        let inner = stream::unfold(walk, move |mut walk| {
            let refused = walk.refused.take();
            let fetched = (!walk.done && refused.is_none())
                .then(|| fetch(walk.builder.clone(), walk.next_page));
            async move {
                if let Some(error) = refused {
                    walk.done = true;
                    return Some((Err(error), walk));
                }
                let page = match fetched?.await {
                    Ok(page) => page,
                    Err(error) => {
                        walk.done = true;
                        return Some((Err(error), walk));
                    }
                };
                let (has_items, last) = shape(&page);
                // Page numbers come from the caller and the server: at the largest one
                // there is no next page to ask for, only an end.
                walk.done = !has_items || walk.next_page >= last || walk.next_page == i64::MAX;
                walk.next_page = walk.next_page.saturating_add(1);
                Some((Ok(page), walk))
            }
        });
        // Fused, because callers may well poll again after the end (a second `next()`),
        // and a finished unfold panics on that.
        Pages {
            inner: Box::pin(inner.fuse()),
        }
    }

    /// The items of every page, in order; `items` takes them out of a page.
    pub(crate) fn items<T: Send + 'a>(self, items: fn(P) -> Vec<T>) -> Items<'a, T> {
        use futures_util::StreamExt;
        Items {
            pages: Box::pin(self.inner.map(move |page| page.map(items))),
            buffered: VecDeque::new(),
        }
    }
}

impl<P> Pages<'_, P> {
    /// The next page: `None` once the walk is over, `Some(Err(..))` for a failed request
    /// (after which the walk is over).
    pub async fn next(&mut self) -> Option<Result<P>> {
        poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }

    /// The next page, with a failure as the `Err` of the result: handy with `?` in a
    /// `while let Some(page) = pages.try_next().await? { .. }` loop.
    pub async fn try_next(&mut self) -> Result<Option<P>> {
        self.next().await.transpose()
    }

    /// Every remaining page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<P>> {
        let mut pages = Vec::new();
        while let Some(page) = self.try_next().await? {
            pages.push(page);
        }
        Ok(pages)
    }
}

impl<T> Items<'_, T> {
    /// The next item: `None` once the list is over, `Some(Err(..))` for a failed page
    /// request (after which the list is over).
    pub async fn next(&mut self) -> Option<Result<T>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The next item, with a failure as the `Err` of the result: handy with `?` in a
    /// `while let Some(item) = items.try_next().await? { .. }` loop.
    pub async fn try_next(&mut self) -> Result<Option<T>> {
        self.next().await.transpose()
    }

    /// Every remaining item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>> {
        let mut items = Vec::new();
        while let Some(item) = self.try_next().await? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<P> Stream for Pages<'_, P> {
    type Item = Result<P>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> Stream for Items<'_, T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            // An empty page ends the page walk, so this loop fetches at most one page
            // that yields nothing before it sees the end.
            match this.pages.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(items))) => this.buffered.extend(items),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<P> fmt::Debug for Pages<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Items<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("buffered", &self.buffered.len())
            .finish_non_exhaustive()
    }
}
