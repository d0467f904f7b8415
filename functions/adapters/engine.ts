import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

/** What a deliverable execution starts with; everything else is read from DynamoDB by Plan. */
export interface DeliverableExecutionInput {
  tenantId: string;
  year: number;
  instanceId: string;
}

/** Starts deliverable executions: Step Functions in AWS, the local runtime locally. */
export interface WorkflowEngine {
  /** Starts at most once per name; returns false if an execution of that name already exists. */
  startDeliverable(input: DeliverableExecutionInput): Promise<boolean>;
}

/** Deterministic, so that opening a cycle twice starts nothing twice (80 characters at most). */
export function executionName(input: DeliverableExecutionInput): string {
  return `${input.tenantId}-${input.year}-${input.instanceId}`.slice(0, 80);
}

export class StepFunctionsEngine implements WorkflowEngine {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async startDeliverable(input: DeliverableExecutionInput): Promise<boolean> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionName(input),
          input: JSON.stringify(input),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionAlreadyExists') return false;
      throw error;
    }
  }
}
