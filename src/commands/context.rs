//! What every command gets, built once by `dispatch`.

use crate::printer::Printer;
use crate::settings::Settings;
use crate::templates::Templates;

/// What every command gets: settings already merged, templates loaded, the printer.
pub struct Context<'a> {
    pub settings: Settings,
    pub templates: Templates,
    pub printer: &'a Printer,
}
