package tokens

import "syscall"

// populate maps the table's pages written when it is made.
const populate = syscall.MAP_POPULATE
