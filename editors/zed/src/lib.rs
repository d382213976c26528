// A Zed extension that runs `presend lsp` (found on the PATH) as the
// language server of drafts and catalogs.
use zed_extension_api as zed;

struct Presend;

impl zed::Extension for Presend {
    fn new() -> Self {
        Presend
    }

    fn language_server_command(
        &mut self,
        _id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let Some(path) = worktree.which("presend") else {
            return Err("presend is not on the PATH: go install github.com/presend/presend/cmd/presend@latest".into());
        };
        Ok(zed::Command {
            command: path,
            args: vec!["lsp".into()],
            env: Default::default(),
        })
    }
}

zed::register_extension!(Presend);
