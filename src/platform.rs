//! Where the client runs: a page (or a worker of a page), where anyone who
//! opens the page can read what it holds, or a server runtime, which may
//! hold a key. Decided from what the global scope shows, so that it is
//! tested natively; `http` reads those signs from the real global.

/// What the global scope shows of the runtime.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct GlobalSigns {
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
    pub(crate) fn is_browser(&self) -> bool {
        (self.document || self.worker_scope) && !self.names_a_server()
    }
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
