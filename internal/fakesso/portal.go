package fakesso

import (
	"net/http"
	"strconv"
)

func (s *Server) getRoleCredentials(r *http.Request, user string) (any, *apiError) {
	q := r.URL.Query()
	accountID, role := q.Get("account_id"), q.Get("role_name")
	a := s.accounts[accountID]
	if a == nil || !contains(a.roles, role) {
		return nil, &apiError{status: http.StatusForbidden, code: "ForbiddenException", description: "No access"}
	}
	if s.opts.Issuer == nil {
		return nil, &apiError{status: http.StatusInternalServerError, code: "InternalServerException", description: "fakesso: no Issuer"}
	}
	c := s.opts.Issuer.Issue(RoleARN(accountID, role), true)
	return map[string]any{"roleCredentials": map[string]any{
		"accessKeyId": c.AccessKeyID, "secretAccessKey": c.SecretAccessKey, "sessionToken": c.SessionToken,
		"expiration": c.Expiration.UnixMilli(),
	}}, nil
}

// page cuts list at next_token (an offset) by max_result, capped.
func (s *Server) page(r *http.Request, n int) (from, to int, next string, e *apiError) {
	q := r.URL.Query()
	size := s.pageSize
	if v := q.Get("max_result"); v != "" {
		m, err := strconv.Atoi(v)
		if err != nil || m < 1 || m > 100 {
			return 0, 0, "", &apiError{status: http.StatusBadRequest, code: "InvalidRequestException", description: "max_result must be 1-100"}
		}
		size = min(size, m)
	}
	if v := q.Get("next_token"); v != "" {
		off, err := strconv.Atoi(v)
		if err != nil || off < 0 || off > n {
			return 0, 0, "", &apiError{status: http.StatusBadRequest, code: "InvalidRequestException", description: "invalid next_token"}
		}
		from = off
	}
	to = min(from+size, n)
	if to < n {
		next = strconv.Itoa(to)
	}
	return from, to, next, nil
}

func (s *Server) listAccounts(r *http.Request, _ string) (any, *apiError) {
	all := s.sortedAccounts()
	from, to, next, e := s.page(r, len(all))
	if e != nil {
		return nil, e
	}
	list := make([]map[string]string, 0, to-from)
	for _, a := range all[from:to] {
		list = append(list, map[string]string{"accountId": a.id, "accountName": a.name, "emailAddress": a.email})
	}
	out := map[string]any{"accountList": list}
	if next != "" {
		out["nextToken"] = next
	}
	return out, nil
}

func (s *Server) listAccountRoles(r *http.Request, _ string) (any, *apiError) {
	a := s.accounts[r.URL.Query().Get("account_id")]
	if a == nil {
		return nil, &apiError{status: http.StatusForbidden, code: "ForbiddenException", description: "No access"}
	}
	from, to, next, e := s.page(r, len(a.roles))
	if e != nil {
		return nil, e
	}
	list := make([]map[string]string, 0, to-from)
	for _, role := range a.roles[from:to] {
		list = append(list, map[string]string{"roleName": role, "accountId": a.id})
	}
	out := map[string]any{"roleList": list}
	if next != "" {
		out["nextToken"] = next
	}
	return out, nil
}
