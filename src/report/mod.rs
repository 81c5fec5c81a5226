//! Output formats of `check`; see the submodules.
