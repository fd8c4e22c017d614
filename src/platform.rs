//! Where the client runs: a page (or a worker of a page), where anyone who
//! opens the page can read what it holds, or a server runtime, which may
//! hold a key. Decided from what the global scope shows, so that it is
//! tested natively; `in_browser` reads those signs from the real global.
//! The platform's clock, timers and randomness are here too.

use std::time::Duration;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(timer: &JsValue);
}

/// Calls `logger[method](line)`, as a method of `logger` (a class's logger
/// keeps its `this`); a logger without it, or whose method throws, is let be.
pub(crate) fn log_to(logger: &JsValue, method: &str, line: &str) {
    let method = Reflect::get(logger, &method.into()).unwrap_or(JsValue::UNDEFINED);
    if let Some(method) = method.dyn_ref::<Function>() {
        let _ = method.call1(logger, &line.into());
    }
}

/// The platform's `console`.
pub(crate) fn console() -> JsValue {
    Reflect::get(&js_sys::global(), &"console".into()).unwrap_or(JsValue::UNDEFINED)
}

/// What the global scope shows of the runtime.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct GlobalSigns {
    /// `document` exists: a page (or a DOM emulation in a server's tests).
    pub document: bool,
    /// `WorkerGlobalScope` exists: a browser worker, or workerd, which
    /// implements the same scope.
    pub worker_scope: bool,
    /// `process.versions.node` is a string: Node, or a runtime emulating it.
    pub node: bool,
    /// `Deno` exists.
    pub deno: bool,
    /// `Bun` exists.
    pub bun: bool,
    /// `EdgeRuntime` exists: Vercel's Edge runtime (Next.js `runtime = 'edge'`).
    pub edge_runtime: bool,
    /// `navigator.userAgent`, where there is one.
    pub user_agent: Option<String>,
}

impl GlobalSigns {
    /// A server runtime that names itself. Cloudflare Workers look like a
    /// browser worker (`WorkerGlobalScope`) but say who they are.
    fn names_a_server(&self) -> bool {
        self.node
            || self.deno
            || self.bun
            || self.edge_runtime
            || self.user_agent.as_deref() == Some("Cloudflare-Workers")
    }

    /// A page or a page's worker: looks like a browser and names no server.
    fn is_browser(&self) -> bool {
        (self.document || self.worker_scope) && !self.names_a_server()
    }
}

/// Waits `duration`, or until `signal` fires (then `Err`); leaves no timer behind.
pub(crate) async fn sleep(duration: Duration, signal: Option<&AbortSignal>) -> Result<(), ()> {
    wait(Some(duration), signal, None).await
}

/// Waits until `duration` has passed (none: no end), `woken` settles, or
/// `signal` fires (then `Err`); leaves no timer or listener behind.
pub(crate) async fn wait(
    duration: Option<Duration>,
    signal: Option<&AbortSignal>,
    woken: Option<&Promise>,
) -> Result<(), ()> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(());
    }
    let mut timer = JsValue::UNDEFINED;
    let mut on_abort = None;
    let timed = Promise::new(&mut |resolve, reject| {
        if let Some(duration) = duration {
            timer = set_timeout(&resolve, duration.as_millis() as f64);
        }
        if let Some(signal) = signal {
            // Registering a listener on a live signal cannot fail.
            let _ = signal.add_event_listener_with_callback("abort", &reject);
        }
        on_abort = Some(reject);
    });
    let either = match woken {
        Some(woken) => Promise::race(&js_sys::Array::of2(&timed, woken)),
        None => timed,
    };
    let outcome = JsFuture::from(either).await;
    if !timer.is_undefined() {
        clear_timeout(&timer);
    }
    if let (Some(signal), Some(listener)) = (signal, &on_abort) {
        let _ = signal.remove_event_listener_with_callback("abort", listener);
    }
    outcome.map(drop).map_err(drop)
}

/// Whether this is a page or a page's worker (where a key is visible to
/// anyone), not a server runtime that merely looks like one.
pub(crate) fn in_browser() -> bool {
    let global = js_sys::global();
    let get = |object: &JsValue, name: &str| {
        Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
    };
    let has = |name: &str| Reflect::has(&global, &name.into()).unwrap_or(false);
    let versions = get(&get(&global, "process"), "versions");
    GlobalSigns {
        document: has("document"),
        worker_scope: has("WorkerGlobalScope"),
        node: !versions.is_undefined() && get(&versions, "node").is_string(),
        deno: has("Deno"),
        bun: has("Bun"),
        edge_runtime: has("EdgeRuntime"),
        user_agent: get(&get(&global, "navigator"), "userAgent").as_string(),
    }
    .is_browser()
}

/// The time now, in Unix milliseconds.
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A number in [0, 1), for retry jitter.
pub(crate) fn random() -> f64 {
    js_sys::Math::random()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

    fn browser_page() -> GlobalSigns {
        GlobalSigns {
            document: true,
            user_agent: Some(CHROME.into()),
            ..GlobalSigns::default()
        }
    }

    #[test]
    fn a_page_and_a_pages_workers_are_browsers() {
        assert!(browser_page().is_browser());
        let worker = GlobalSigns {
            document: false,
            worker_scope: true,
            ..browser_page()
        };
        assert!(worker.is_browser());
    }

    #[test]
    fn server_runtimes_that_look_like_a_browser_are_not() {
        let workerd = GlobalSigns {
            worker_scope: true,
            user_agent: Some("Cloudflare-Workers".into()),
            ..GlobalSigns::default()
        };
        assert!(!workerd.is_browser());
        let vercel_edge = GlobalSigns {
            worker_scope: true,
            edge_runtime: true,
            ..GlobalSigns::default()
        };
        assert!(!vercel_edge.is_browser());
        let deno = GlobalSigns {
            deno: true,
            worker_scope: true,
            user_agent: Some("Deno/2.5.0".into()),
            ..GlobalSigns::default()
        };
        assert!(!deno.is_browser());
        // A DOM emulation (jsdom) in a Node test run is still Node.
        let jsdom = GlobalSigns {
            node: true,
            ..browser_page()
        };
        assert!(!jsdom.is_browser());
    }

    #[test]
    fn plain_server_runtimes_are_not_browsers() {
        for signs in [
            GlobalSigns {
                node: true,
                ..GlobalSigns::default()
            },
            GlobalSigns {
                bun: true,
                node: true,
                ..GlobalSigns::default()
            },
            GlobalSigns::default(),
        ] {
            assert!(!signs.is_browser(), "{signs:?}");
        }
    }
}
