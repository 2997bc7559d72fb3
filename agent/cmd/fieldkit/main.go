// Command fieldkit is Field Kit's single binary. It only sets up signals
// and hands over to agent.Run.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"fieldkit/agent"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := agent.Run(ctx, os.Args[1:], os.Getenv, agent.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}); err != nil {
		fmt.Fprintln(os.Stderr, "fieldkit:", err)
		os.Exit(1)
	}
}
