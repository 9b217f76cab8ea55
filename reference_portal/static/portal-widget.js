// The console_error defect: a portal widget that fails while loading (an uncaught error in the console).
throw new Error("portal widget failed to load");
