using AIVideo.Tests.Infrastructure;

// One TestServices for the whole run: starting the servers once keeps the suite fast.
[assembly: AssemblyFixture(typeof(TestServices))]
