// A counter bumped after every write, so screens showing lists reload.
class Changes {
  version = $state(0);
  bump(): void {
    this.version += 1;
  }
}

export const changes = new Changes();
