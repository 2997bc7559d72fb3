module fieldkit

go 1.26.8

require (
	github.com/google/uuid v1.6.0
	github.com/hashicorp/go-retryablehttp v0.7.8
	github.com/mattn/go-sqlite3 v1.14.53
	golang.org/x/text v0.43.0
)

require github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
