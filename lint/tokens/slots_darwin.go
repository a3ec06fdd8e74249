package tokens

// populate is none here: touch writes the pages.
const populate = 0
