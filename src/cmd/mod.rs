pub mod accept;
pub mod build;
pub mod check;
pub mod lock;
pub mod new_locale;
pub mod serve;
pub mod status;
pub mod sync;
